import { describe, expect, it } from "vitest";
import { authErrorMessage } from "@/app/login/messages";
import { deviceLabel } from "@/lib/auth/device-label";

describe("session device labels", () => {
  it("names browser and system from common user agents", () => {
    expect(
      deviceLabel(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
      ),
    ).toBe("Chrome on Linux");
    expect(deviceLabel("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0")).toBe(
      "Firefox on Windows",
    );
    expect(
      deviceLabel(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari on iOS");
    expect(
      deviceLabel(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
      ),
    ).toBe("Edge on Windows");
    expect(deviceLabel("curl/8.5.0")).toBe("curl");
    expect(deviceLabel("")).toBe("Unknown device");
    expect(deviceLabel("something odd")).toBe("Other client");
  });
});

describe("second-factor sign-in messages", () => {
  it("maps the two second-factor codes to fixed sentences", () => {
    expect(authErrorMessage("SecondFactorRequired")).toEqual({ key: "codeNeeded" });
    expect(authErrorMessage("SecondFactorInvalid")).toEqual({ key: "codeInvalid" });
  });
});
