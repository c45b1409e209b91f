// JSON allows an object to name a key twice, and JSON.parse keeps the last value without a word:
// a client whose template merges two blocks into one object would place an order with whichever
// limit came last, or read `"action": "suspend", "action": "delete"` as a delete. The API refuses
// such a body instead, as it refuses a field name it does not know (docs/api.md "Requests and answers").

/**
 * The first key some object of `text` names twice, at any depth, or undefined. `text` must be
 * JSON that JSON.parse accepted: only strings and the structure's own characters are looked at.
 */
export function repeatedKey(text: string): string | undefined {
  // One entry per open object (its keys so far) or array (null).
  const open: (Set<string> | null)[] = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const keys = open.at(-1);
      if (keyNext && keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
      }
      keyNext = false;
      i = end;
    } else if (c === "{") {
      open.push(new Set());
      keyNext = true;
    } else if (c === "[") {
      open.push(null);
      keyNext = false;
    } else if (c === "}" || c === "]") {
      open.pop();
      keyNext = false;
    } else if (c === ",") {
      keyNext = open.at(-1) instanceof Set;
    }
  }
  return undefined;
}
