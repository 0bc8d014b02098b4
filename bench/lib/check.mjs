// Checks a server's answers with real gRPC calls over node:http2 before it is measured: grpc-status 0 and the right content.
import http2 from "node:http2";
import {
  authenticatePath,
  authenticateRequest,
  decodeLoaded,
  decodeValued,
  grpcFrame,
  loadedPath,
  loadedRequest,
  publishPath,
  publishRequest,
  ResponsedType,
} from "./wire.mjs";

/** One unary gRPC call; resolves to { grpcStatus, grpcMessage, body } with body the unframed answer. */
export function grpcCall(port, path, requestBytes, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const timer = setTimeout(() => {
      session.destroy();
      reject(new Error(`${path}: no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    session.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc+proto",
      te: "trailers",
      "grpc-timeout": "5S",
    });
    const chunks = [];
    let headers = {};
    let trailers = {};
    stream.on("response", (h) => {
      headers = h;
    });
    stream.on("trailers", (t) => {
      trailers = t;
    });
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.once("error", (error) => {
      clearTimeout(timer);
      session.close();
      reject(error);
    });
    stream.once("close", () => {
      clearTimeout(timer);
      session.close();
      const data = Buffer.concat(chunks);
      // A trailers-only answer (errors) carries grpc-status in the headers.
      const grpcStatus = trailers["grpc-status"] ?? headers["grpc-status"];
      const grpcMessage = trailers["grpc-message"] ?? headers["grpc-message"];
      const body = data.length >= 5 ? data.subarray(5, 5 + data.readUInt32BE(1)) : undefined;
      resolve({ grpcStatus: grpcStatus === undefined ? undefined : Number(grpcStatus), grpcMessage, body });
    });
    stream.end(grpcFrame(requestBytes));
  });
}

const typeName = (type) => ResponsedType[type] ?? String(type);

function describe(answer) {
  const value = answer.value;
  if (value.case === "boolResult") return `${typeName(answer.type)} bool ${value.value}`;
  if (value.case === "message") return `${typeName(answer.type)} message topic=${value.value.topic}`;
  return `${typeName(answer.type)} (no value)`;
}

async function valued(port, path, request) {
  const result = await grpcCall(port, path, request);
  if (result.grpcStatus !== 0) {
    throw new Error(`${path}: grpc-status ${result.grpcStatus} ${result.grpcMessage ?? ""}`.trim());
  }
  if (result.body === undefined) throw new Error(`${path}: no message in the answer`);
  return decodeValued(result.body);
}

function expectBool(answer, type, value, what) {
  if (answer.type !== type || answer.value.case !== "boolResult" || answer.value.value !== value) {
    throw new Error(`${what}: expected ${typeName(type)} bool ${value}, got ${describe(answer)}`);
  }
}

function expectIgnore(answer, what) {
  if (answer.type !== ResponsedType.IGNORE)
    throw new Error(`${what}: expected IGNORE, got ${describe(answer)}`);
}

/** The answers of the measured calls: publish t/1 from normaluser → IGNORE; authenticate normaluser → CONTINUE true. */
export async function checkScenario(port, scenario) {
  const answer = await valued(port, scenario.path, scenario.request());
  const expected = decodeValued(scenario.answer());
  if (
    answer.type !== expected.type ||
    answer.value.case !== expected.value.case ||
    answer.value.value !== expected.value.value
  ) {
    throw new Error(`${scenario.id}: expected ${describe(expected)}, got ${describe(answer)}`);
  }
}

/** The rest of EMQX's demo contract, so every peer is known to do the same work as the exhook demo. */
export async function checkDemoContract(port) {
  const loaded = await grpcCall(port, loadedPath, loadedRequest());
  if (loaded.grpcStatus !== 0 || loaded.body === undefined) {
    throw new Error(`OnProviderLoaded: grpc-status ${loaded.grpcStatus} ${loaded.grpcMessage ?? ""}`.trim());
  }
  const hooks = decodeLoaded(loaded.body).hooks.length;
  if (hooks !== 19) throw new Error(`OnProviderLoaded: expected 19 hooks, got ${hooks}`);

  const auth = (username) => valued(port, authenticatePath, authenticateRequest(username));
  expectBool(await auth("baduser"), ResponsedType.STOP_AND_RETURN, false, "authenticate baduser");
  expectBool(await auth("gooduser"), ResponsedType.STOP_AND_RETURN, true, "authenticate gooduser");
  expectBool(await auth("normaluser"), ResponsedType.CONTINUE, true, "authenticate normaluser");
  expectIgnore(await auth("someone"), "authenticate someone");

  const bad = await valued(port, publishPath, publishRequest({ username: "baduser" }));
  const badMessage = bad.value.case === "message" ? bad.value.value : undefined;
  if (
    bad.type !== ResponsedType.STOP_AND_RETURN ||
    badMessage?.headers.allow_publish !== "false" ||
    badMessage.topic !== "t/1" ||
    badMessage.payload.length !== 256
  ) {
    throw new Error(
      `publish baduser: expected STOP_AND_RETURN with the whole message and allow_publish "false", got ${describe(bad)}`,
    );
  }
  const rewrite = await valued(port, publishPath, publishRequest({ topic: "rewrite/a/b" }));
  const rewritten = rewrite.value.case === "message" ? rewrite.value.value : undefined;
  if (
    rewrite.type !== ResponsedType.CONTINUE ||
    rewritten?.topic !== "rewritten/a/b" ||
    rewritten.payload.length !== 256 ||
    rewritten.qos !== 1
  ) {
    throw new Error(
      `publish rewrite/a/b: expected CONTINUE with the whole message on rewritten/a/b, got ${describe(rewrite)}`,
    );
  }
  expectIgnore(await valued(port, publishPath, publishRequest()), "publish t/1");
}
