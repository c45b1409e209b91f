// A JSON body naming a key twice in one object is refused by the API (lib/api/repeated-key.ts):
// JSON.parse would keep the last value without a word.
import { describe, expect, it } from "vitest";
import { repeatedKey } from "@/lib/api/repeated-key";

describe("a key named twice in one JSON object", () => {
  it("is found at any depth, escapes and all", () => {
    expect(repeatedKey('{"kind":"a","fields":{"max":10,"x":[1,{"y":2}],"max":100}}')).toBe("max");
    expect(repeatedKey('{"action":"suspend","action":"delete"}')).toBe("action");
    expect(repeatedKey('[{"a":1},{"b":{"c":1,"c":2}}]')).toBe("c");
    // The same key written two ways is one key.
    expect(repeatedKey('{"a\\u0062":1,"ab":2}')).toBe("ab");
  });

  it("leaves alone the same key in different objects, and keys' words inside values", () => {
    expect(repeatedKey('{"a":{"k":1},"b":{"k":2},"c":[{"k":3},{"k":4}]}')).toBeUndefined();
    expect(repeatedKey('{"notes":"say \\"notes\\": twice, { \\"notes\\" }","n":["notes","notes"]}')).toBeUndefined();
    expect(repeatedKey('{"a":{},"b":[],"c":"}"}')).toBeUndefined();
    expect(repeatedKey('"text"')).toBeUndefined();
    expect(repeatedKey("[1,2,3]")).toBeUndefined();
  });
});
