// The public face of @exhook/sink-http.
export { HttpSink, sink } from "./http-sink.js";
export { type HttpSinkProps, httpSinkProps } from "./props.js";
export { signBody, type VerifyOptions, verifySignature } from "./signature.js";
