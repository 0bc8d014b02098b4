// ACL placeholders and patterns are literal: a crafted username or clientid never widens what a rule allows.
import { describe, expect, it } from "vitest";
import { Acl } from "./acl.js";

describe("ACL placeholders", () => {
  const acl = new Acl({
    default: "deny",
    rules: [{ permission: "allow", action: "all", topics: ["users/${username}/#"] }],
  });

  it("fill ${username} with the username as it is, not with another placeholder's value", () => {
    // A user named "${clientid}" connecting as clientid "alice" must not reach alice's topics.
    expect(acl.decide("subscribe", "${clientid}", "alice", "users/alice/#")).toBe(false);
    expect(acl.decide("publish", "${clientid}", "alice", "users/alice/x")).toBe(false);
    expect(acl.decide("publish", "${clientid}", "alice", "users/${clientid}/x")).toBe(true);
    expect(acl.decide("publish", "alice", "c1", "users/alice/x")).toBe(true);
  });
});

describe("ACL username and clientid patterns", () => {
  const acl = new Acl({
    default: "allow",
    rules: [{ permission: "deny", action: "all", username: "guest*", topics: [] }],
  });

  it("match names containing line breaks, so a deny rule cannot be slipped past", () => {
    expect(acl.decide("publish", "guest1", "c", "t")).toBe(false);
    expect(acl.decide("publish", "guest\nx", "c", "t")).toBe(false);
    expect(acl.decide("publish", "guest\r\n", "c", "t")).toBe(false);
  });
});
