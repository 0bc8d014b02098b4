// A Connect client for the admin API, as the CLI uses it: JSON over HTTP/1.1 with a bearer token.
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { adminV1 } from "@exhook/proto";

export function adminClient(baseUrl: string, token?: string): Client<typeof adminV1.AdminService> {
  const transport = createConnectTransport({
    baseUrl,
    httpVersion: "1.1",
    useBinaryFormat: false,
    interceptors:
      token === undefined
        ? []
        : [
            (next) => (req) => {
              req.header.set("authorization", `Bearer ${token}`);
              return next(req);
            },
          ],
  });
  return createClient(adminV1.AdminService, transport);
}
