import { describe, expect, it } from "vitest";
import { compileTemplate, TemplateError, templateProblem } from "./template.js";

describe("compileTemplate", () => {
  const record = {
    hook: "message.publish",
    clientid: "c1",
    qos: 1,
    meta: { node: "n1" },
    list: [{ a: "x" }],
  };

  it("renders names, dotted paths and list indexes", () => {
    expect(compileTemplate("exhook/${hook}/${clientid}").render(record)).toBe("exhook/message.publish/c1");
    expect(compileTemplate("${meta.node}:${qos}:${list.0.a}").render(record)).toBe("n1:1:x");
    expect(compileTemplate("${ hook }").render(record)).toBe("message.publish");
    expect(compileTemplate("plain").render(record)).toBe("plain");
    expect(compileTemplate("").render(record)).toBe("");
    expect(compileTemplate("${hook}").fields).toEqual(["hook"]);
  });

  it("renders missing values as empty and objects as JSON", () => {
    expect(compileTemplate("a/${nope}/${meta.nope.deeper}").render(record)).toBe("a//");
    expect(compileTemplate("${meta}").render(record)).toBe('{"node":"n1"}');
  });

  it("never reaches prototypes or evaluates anything", () => {
    expect(compileTemplate("${constructor}${__proto__}${toString}").render(record)).toBe("");
    expect(() => compileTemplate("${process.exit()}")).toThrow(TemplateError);
    expect(() => compileTemplate("${a[0]}")).toThrow(TemplateError);
  });

  it("says what is wrong with a bad template", () => {
    expect(templateProblem("a/${hook")).toBe("is not a valid template: '${' is not closed by '}'");
    expect(templateProblem("${}")).toMatch(/is not a name/);
    expect(templateProblem("ok/${hook}")).toBeUndefined();
  });
});
