import { describe, expect, it } from "vitest";
import { parseGrpcTimeout } from "./grpc-timeout.js";
import { encodeGrpcMessage } from "./status.js";

describe("encodeGrpcMessage", () => {
  it("leaves printable ASCII as it is", () => {
    expect(encodeGrpcMessage("unknown method /a.B/C (x=1)")).toBe("unknown method /a.B/C (x=1)");
  });

  it("percent-encodes '%', control characters and the UTF-8 bytes of non-ASCII", () => {
    expect(encodeGrpcMessage("100%")).toBe("100%25");
    expect(encodeGrpcMessage("a\nb")).toBe("a%0Ab");
    expect(encodeGrpcMessage("refusé ✓")).toBe("refus%C3%A9 %E2%9C%93");
    expect(decodeURIComponent(encodeGrpcMessage("ünïcode % \t 🙂"))).toBe("ünïcode % \t 🙂");
  });
});

describe("parseGrpcTimeout", () => {
  it("reads every unit", () => {
    expect(parseGrpcTimeout("2H")).toBe(7_200_000);
    expect(parseGrpcTimeout("3M")).toBe(180_000);
    expect(parseGrpcTimeout("5S")).toBe(5000);
    expect(parseGrpcTimeout("4999m")).toBe(4999);
    expect(parseGrpcTimeout("1500u")).toBe(1.5);
    expect(parseGrpcTimeout("2000000n")).toBe(2);
    expect(parseGrpcTimeout("99999999S")).toBe(99_999_999_000);
  });

  it("refuses what the spec does not allow", () => {
    for (const value of ["", "S", "5", "5s", "-5S", "5.5S", "123456789S", " 5S", "5 S"]) {
      expect(parseGrpcTimeout(value), value).toBeUndefined();
    }
  });
});
