// The 19 hooks the EMQX demo offers in OnProviderLoaded (v2 spelling), shared by the Node peers.
import { wireHookNames } from "@exhook/proto";

export const demoHooks = wireHookNames("v2");
