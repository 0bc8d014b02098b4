// The ExHook HookProvider service, protocol v1: EMQX 4.3.x and 4.4.x (the 4.4.3+ shape: `meta` on every request, `Message.headers`).
// Field numbers are the wire contract with the broker; never renumber.
// Written for exhook from the protocol's published field tables.
import { enumDesc, fileDesc, messageDesc, serviceDesc } from "@bufbuild/protobuf/codegenv2";
/**
 * Describes the file emqx/exhook/v1/exhook.proto.
 */
export const file_emqx_exhook_v1_exhook = /*@__PURE__*/ fileDesc("ChtlbXF4L2V4aG9vay92MS9leGhvb2sucHJvdG8SDmVtcXguZXhob29rLnYxIm4KFVByb3ZpZGVyTG9hZGVkUmVxdWVzdBIqCgZicm9rZXIYASABKAsyGi5lbXF4LmV4aG9vay52MS5Ccm9rZXJJbmZvEikKBG1ldGEYAiABKAsyGy5lbXF4LmV4aG9vay52MS5SZXF1ZXN0TWV0YSI5Cg5Mb2FkZWRSZXNwb25zZRInCgVob29rcxgBIAMoCzIYLmVtcXguZXhob29rLnYxLkhvb2tTcGVjIkQKF1Byb3ZpZGVyVW5sb2FkZWRSZXF1ZXN0EikKBG1ldGEYASABKAsyGy5lbXF4LmV4aG9vay52MS5SZXF1ZXN0TWV0YSKWAQoUQ2xpZW50Q29ubmVjdFJlcXVlc3QSKgoIY29ubmluZm8YASABKAsyGC5lbXF4LmV4aG9vay52MS5Db25uSW5mbxInCgVwcm9wcxgCIAMoCzIYLmVtcXguZXhob29rLnYxLlByb3BlcnR5EikKBG1ldGEYAyABKAsyGy5lbXF4LmV4aG9vay52MS5SZXF1ZXN0TWV0YSKrAQoUQ2xpZW50Q29ubmFja1JlcXVlc3QSKgoIY29ubmluZm8YASABKAsyGC5lbXF4LmV4aG9vay52MS5Db25uSW5mbxITCgtyZXN1bHRfY29kZRgCIAEoCRInCgVwcm9wcxgDIAMoCzIYLmVtcXguZXhob29rLnYxLlByb3BlcnR5EikKBG1ldGEYBCABKAsyGy5lbXF4LmV4aG9vay52MS5SZXF1ZXN0TWV0YSJzChZDbGllbnRDb25uZWN0ZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52MS5DbGllbnRJbmZvEikKBG1ldGEYAiABKAsyGy5lbXF4LmV4aG9vay52MS5SZXF1ZXN0TWV0YSKGAQoZQ2xpZW50RGlzY29ubmVjdGVkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjEuQ2xpZW50SW5mbxIOCgZyZWFzb24YAiABKAkSKQoEbWV0YRgDIAEoCzIbLmVtcXguZXhob29rLnYxLlJlcXVlc3RNZXRhIoYBChlDbGllbnRBdXRoZW50aWNhdGVSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52MS5DbGllbnRJbmZvEg4KBnJlc3VsdBgCIAEoCBIpCgRtZXRhGAMgASgLMhsuZW1xeC5leGhvb2sudjEuUmVxdWVzdE1ldGEi+wEKFUNsaWVudENoZWNrQWNsUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjEuQ2xpZW50SW5mbxI+CgR0eXBlGAIgASgOMjAuZW1xeC5leGhvb2sudjEuQ2xpZW50Q2hlY2tBY2xSZXF1ZXN0LkFjbFJlcVR5cGUSDQoFdG9waWMYAyABKAkSDgoGcmVzdWx0GAQgASgIEikKBG1ldGEYBSABKAsyGy5lbXF4LmV4aG9vay52MS5SZXF1ZXN0TWV0YSIoCgpBY2xSZXFUeXBlEgsKB1BVQkxJU0gQABINCglTVUJTQ1JJQkUQASLQAQoWQ2xpZW50U3Vic2NyaWJlUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjEuQ2xpZW50SW5mbxInCgVwcm9wcxgCIAMoCzIYLmVtcXguZXhob29rLnYxLlByb3BlcnR5EjIKDXRvcGljX2ZpbHRlcnMYAyADKAsyGy5lbXF4LmV4aG9vay52MS5Ub3BpY0ZpbHRlchIpCgRtZXRhGAQgASgLMhsuZW1xeC5leGhvb2sudjEuUmVxdWVzdE1ldGEi0gEKGENsaWVudFVuc3Vic2NyaWJlUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjEuQ2xpZW50SW5mbxInCgVwcm9wcxgCIAMoCzIYLmVtcXguZXhob29rLnYxLlByb3BlcnR5EjIKDXRvcGljX2ZpbHRlcnMYAyADKAsyGy5lbXF4LmV4aG9vay52MS5Ub3BpY0ZpbHRlchIpCgRtZXRhGAQgASgLMhsuZW1xeC5leGhvb2sudjEuUmVxdWVzdE1ldGEicgoVU2Vzc2lvbkNyZWF0ZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52MS5DbGllbnRJbmZvEikKBG1ldGEYAiABKAsyGy5lbXF4LmV4aG9vay52MS5SZXF1ZXN0TWV0YSKuAQoYU2Vzc2lvblN1YnNjcmliZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52MS5DbGllbnRJbmZvEg0KBXRvcGljGAIgASgJEigKB3N1Ym9wdHMYAyABKAsyFy5lbXF4LmV4aG9vay52MS5TdWJPcHRzEikKBG1ldGEYBCABKAsyGy5lbXF4LmV4aG9vay52MS5SZXF1ZXN0TWV0YSKGAQoaU2Vzc2lvblVuc3Vic2NyaWJlZFJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYxLkNsaWVudEluZm8SDQoFdG9waWMYAiABKAkSKQoEbWV0YRgDIAEoCzIbLmVtcXguZXhob29rLnYxLlJlcXVlc3RNZXRhInIKFVNlc3Npb25SZXN1bWVkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjEuQ2xpZW50SW5mbxIpCgRtZXRhGAIgASgLMhsuZW1xeC5leGhvb2sudjEuUmVxdWVzdE1ldGEidAoXU2Vzc2lvbkRpc2NhcmRlZFJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYxLkNsaWVudEluZm8SKQoEbWV0YRgCIAEoCzIbLmVtcXguZXhob29rLnYxLlJlcXVlc3RNZXRhInUKGFNlc3Npb25UYWtlb3ZlcmVkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjEuQ2xpZW50SW5mbxIpCgRtZXRhGAIgASgLMhsuZW1xeC5leGhvb2sudjEuUmVxdWVzdE1ldGEihQEKGFNlc3Npb25UZXJtaW5hdGVkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjEuQ2xpZW50SW5mbxIOCgZyZWFzb24YAiABKAkSKQoEbWV0YRgDIAEoCzIbLmVtcXguZXhob29rLnYxLlJlcXVlc3RNZXRhImwKFU1lc3NhZ2VQdWJsaXNoUmVxdWVzdBIoCgdtZXNzYWdlGAEgASgLMhcuZW1xeC5leGhvb2sudjEuTWVzc2FnZRIpCgRtZXRhGAIgASgLMhsuZW1xeC5leGhvb2sudjEuUmVxdWVzdE1ldGEingEKF01lc3NhZ2VEZWxpdmVyZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52MS5DbGllbnRJbmZvEigKB21lc3NhZ2UYAiABKAsyFy5lbXF4LmV4aG9vay52MS5NZXNzYWdlEikKBG1ldGEYAyABKAsyGy5lbXF4LmV4aG9vay52MS5SZXF1ZXN0TWV0YSJ8ChVNZXNzYWdlRHJvcHBlZFJlcXVlc3QSKAoHbWVzc2FnZRgBIAEoCzIXLmVtcXguZXhob29rLnYxLk1lc3NhZ2USDgoGcmVhc29uGAIgASgJEikKBG1ldGEYAyABKAsyGy5lbXF4LmV4aG9vay52MS5SZXF1ZXN0TWV0YSKaAQoTTWVzc2FnZUFja2VkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjEuQ2xpZW50SW5mbxIoCgdtZXNzYWdlGAIgASgLMhcuZW1xeC5leGhvb2sudjEuTWVzc2FnZRIpCgRtZXRhGAMgASgLMhsuZW1xeC5leGhvb2sudjEuUmVxdWVzdE1ldGEiDgoMRW1wdHlTdWNjZXNzItgBCg5WYWx1ZWRSZXNwb25zZRI6CgR0eXBlGAEgASgOMiwuZW1xeC5leGhvb2sudjEuVmFsdWVkUmVzcG9uc2UuUmVzcG9uc2VkVHlwZRIVCgtib29sX3Jlc3VsdBgDIAEoCEgAEioKB21lc3NhZ2UYBCABKAsyFy5lbXF4LmV4aG9vay52MS5NZXNzYWdlSAAiPgoNUmVzcG9uc2VkVHlwZRIMCghDT05USU5VRRAAEgoKBklHTk9SRRABEhMKD1NUT1BfQU5EX1JFVFVSThACQgcKBXZhbHVlIlEKCkJyb2tlckluZm8SDwoHdmVyc2lvbhgBIAEoCRIQCghzeXNkZXNjchgCIAEoCRIOCgZ1cHRpbWUYAyABKAkSEAoIZGF0ZXRpbWUYBCABKAkiKAoISG9va1NwZWMSDAoEbmFtZRgBIAEoCRIOCgZ0b3BpY3MYAiADKAkimgEKCENvbm5JbmZvEgwKBG5vZGUYASABKAkSEAoIY2xpZW50aWQYAiABKAkSEAoIdXNlcm5hbWUYAyABKAkSEAoIcGVlcmhvc3QYBCABKAkSEAoIc29ja3BvcnQYBSABKA0SEgoKcHJvdG9fbmFtZRgGIAEoCRIRCglwcm90b192ZXIYByABKAkSEQoJa2VlcGFsaXZlGAggASgNItsBCgpDbGllbnRJbmZvEgwKBG5vZGUYASABKAkSEAoIY2xpZW50aWQYAiABKAkSEAoIdXNlcm5hbWUYAyABKAkSEAoIcGFzc3dvcmQYBCABKAkSEAoIcGVlcmhvc3QYBSABKAkSEAoIc29ja3BvcnQYBiABKA0SEAoIcHJvdG9jb2wYByABKAkSEgoKbW91bnRwb2ludBgIIAEoCRIUCgxpc19zdXBlcnVzZXIYCSABKAgSEQoJYW5vbnltb3VzGAogASgIEgoKAmNuGAsgASgJEgoKAmRuGAwgASgJItgBCgdNZXNzYWdlEgwKBG5vZGUYASABKAkSCgoCaWQYAiABKAkSCwoDcW9zGAMgASgNEgwKBGZyb20YBCABKAkSDQoFdG9waWMYBSABKAkSDwoHcGF5bG9hZBgGIAEoDBIRCgl0aW1lc3RhbXAYByABKAQSNQoHaGVhZGVycxgIIAMoCzIkLmVtcXguZXhob29rLnYxLk1lc3NhZ2UuSGVhZGVyc0VudHJ5Gi4KDEhlYWRlcnNFbnRyeRILCgNrZXkYASABKAkSDQoFdmFsdWUYAiABKAk6AjgBIicKCFByb3BlcnR5EgwKBG5hbWUYASABKAkSDQoFdmFsdWUYAiABKAkiKAoLVG9waWNGaWx0ZXISDAoEbmFtZRgBIAEoCRILCgNxb3MYAiABKA0iSgoHU3ViT3B0cxILCgNxb3MYASABKA0SDQoFc2hhcmUYAiABKAkSCgoCcmgYAyABKA0SCwoDcmFwGAQgASgNEgoKAm5sGAUgASgNIlQKC1JlcXVlc3RNZXRhEgwKBG5vZGUYASABKAkSDwoHdmVyc2lvbhgCIAEoCRIQCghzeXNkZXNjchgDIAEoCRIUCgxjbHVzdGVyX25hbWUYBCABKAkyxw8KDEhvb2tQcm92aWRlchJbChBPblByb3ZpZGVyTG9hZGVkEiUuZW1xeC5leGhvb2sudjEuUHJvdmlkZXJMb2FkZWRSZXF1ZXN0Gh4uZW1xeC5leGhvb2sudjEuTG9hZGVkUmVzcG9uc2UiABJdChJPblByb3ZpZGVyVW5sb2FkZWQSJy5lbXF4LmV4aG9vay52MS5Qcm92aWRlclVubG9hZGVkUmVxdWVzdBocLmVtcXguZXhob29rLnYxLkVtcHR5U3VjY2VzcyIAElcKD09uQ2xpZW50Q29ubmVjdBIkLmVtcXguZXhob29rLnYxLkNsaWVudENvbm5lY3RSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjEuRW1wdHlTdWNjZXNzIgASVwoPT25DbGllbnRDb25uYWNrEiQuZW1xeC5leGhvb2sudjEuQ2xpZW50Q29ubmFja1JlcXVlc3QaHC5lbXF4LmV4aG9vay52MS5FbXB0eVN1Y2Nlc3MiABJbChFPbkNsaWVudENvbm5lY3RlZBImLmVtcXguZXhob29rLnYxLkNsaWVudENvbm5lY3RlZFJlcXVlc3QaHC5lbXF4LmV4aG9vay52MS5FbXB0eVN1Y2Nlc3MiABJhChRPbkNsaWVudERpc2Nvbm5lY3RlZBIpLmVtcXguZXhob29rLnYxLkNsaWVudERpc2Nvbm5lY3RlZFJlcXVlc3QaHC5lbXF4LmV4aG9vay52MS5FbXB0eVN1Y2Nlc3MiABJjChRPbkNsaWVudEF1dGhlbnRpY2F0ZRIpLmVtcXguZXhob29rLnYxLkNsaWVudEF1dGhlbnRpY2F0ZVJlcXVlc3QaHi5lbXF4LmV4aG9vay52MS5WYWx1ZWRSZXNwb25zZSIAElsKEE9uQ2xpZW50Q2hlY2tBY2wSJS5lbXF4LmV4aG9vay52MS5DbGllbnRDaGVja0FjbFJlcXVlc3QaHi5lbXF4LmV4aG9vay52MS5WYWx1ZWRSZXNwb25zZSIAElsKEU9uQ2xpZW50U3Vic2NyaWJlEiYuZW1xeC5leGhvb2sudjEuQ2xpZW50U3Vic2NyaWJlUmVxdWVzdBocLmVtcXguZXhob29rLnYxLkVtcHR5U3VjY2VzcyIAEl8KE09uQ2xpZW50VW5zdWJzY3JpYmUSKC5lbXF4LmV4aG9vay52MS5DbGllbnRVbnN1YnNjcmliZVJlcXVlc3QaHC5lbXF4LmV4aG9vay52MS5FbXB0eVN1Y2Nlc3MiABJZChBPblNlc3Npb25DcmVhdGVkEiUuZW1xeC5leGhvb2sudjEuU2Vzc2lvbkNyZWF0ZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjEuRW1wdHlTdWNjZXNzIgASXwoTT25TZXNzaW9uU3Vic2NyaWJlZBIoLmVtcXguZXhob29rLnYxLlNlc3Npb25TdWJzY3JpYmVkUmVxdWVzdBocLmVtcXguZXhob29rLnYxLkVtcHR5U3VjY2VzcyIAEmMKFU9uU2Vzc2lvblVuc3Vic2NyaWJlZBIqLmVtcXguZXhob29rLnYxLlNlc3Npb25VbnN1YnNjcmliZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjEuRW1wdHlTdWNjZXNzIgASWQoQT25TZXNzaW9uUmVzdW1lZBIlLmVtcXguZXhob29rLnYxLlNlc3Npb25SZXN1bWVkUmVxdWVzdBocLmVtcXguZXhob29rLnYxLkVtcHR5U3VjY2VzcyIAEl0KEk9uU2Vzc2lvbkRpc2NhcmRlZBInLmVtcXguZXhob29rLnYxLlNlc3Npb25EaXNjYXJkZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjEuRW1wdHlTdWNjZXNzIgASXwoTT25TZXNzaW9uVGFrZW92ZXJlZBIoLmVtcXguZXhob29rLnYxLlNlc3Npb25UYWtlb3ZlcmVkUmVxdWVzdBocLmVtcXguZXhob29rLnYxLkVtcHR5U3VjY2VzcyIAEl8KE09uU2Vzc2lvblRlcm1pbmF0ZWQSKC5lbXF4LmV4aG9vay52MS5TZXNzaW9uVGVybWluYXRlZFJlcXVlc3QaHC5lbXF4LmV4aG9vay52MS5FbXB0eVN1Y2Nlc3MiABJbChBPbk1lc3NhZ2VQdWJsaXNoEiUuZW1xeC5leGhvb2sudjEuTWVzc2FnZVB1Ymxpc2hSZXF1ZXN0Gh4uZW1xeC5leGhvb2sudjEuVmFsdWVkUmVzcG9uc2UiABJdChJPbk1lc3NhZ2VEZWxpdmVyZWQSJy5lbXF4LmV4aG9vay52MS5NZXNzYWdlRGVsaXZlcmVkUmVxdWVzdBocLmVtcXguZXhob29rLnYxLkVtcHR5U3VjY2VzcyIAElkKEE9uTWVzc2FnZURyb3BwZWQSJS5lbXF4LmV4aG9vay52MS5NZXNzYWdlRHJvcHBlZFJlcXVlc3QaHC5lbXF4LmV4aG9vay52MS5FbXB0eVN1Y2Nlc3MiABJVCg5Pbk1lc3NhZ2VBY2tlZBIjLmVtcXguZXhob29rLnYxLk1lc3NhZ2VBY2tlZFJlcXVlc3QaHC5lbXF4LmV4aG9vay52MS5FbXB0eVN1Y2Nlc3MiAGIGcHJvdG8z");
/**
 * Describes the message emqx.exhook.v1.ProviderLoadedRequest.
 * Use `create(ProviderLoadedRequestSchema)` to create a new message.
 */
export const ProviderLoadedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 0);
/**
 * Describes the message emqx.exhook.v1.LoadedResponse.
 * Use `create(LoadedResponseSchema)` to create a new message.
 */
export const LoadedResponseSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 1);
/**
 * Describes the message emqx.exhook.v1.ProviderUnloadedRequest.
 * Use `create(ProviderUnloadedRequestSchema)` to create a new message.
 */
export const ProviderUnloadedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 2);
/**
 * Describes the message emqx.exhook.v1.ClientConnectRequest.
 * Use `create(ClientConnectRequestSchema)` to create a new message.
 */
export const ClientConnectRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 3);
/**
 * Describes the message emqx.exhook.v1.ClientConnackRequest.
 * Use `create(ClientConnackRequestSchema)` to create a new message.
 */
export const ClientConnackRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 4);
/**
 * Describes the message emqx.exhook.v1.ClientConnectedRequest.
 * Use `create(ClientConnectedRequestSchema)` to create a new message.
 */
export const ClientConnectedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 5);
/**
 * Describes the message emqx.exhook.v1.ClientDisconnectedRequest.
 * Use `create(ClientDisconnectedRequestSchema)` to create a new message.
 */
export const ClientDisconnectedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 6);
/**
 * Describes the message emqx.exhook.v1.ClientAuthenticateRequest.
 * Use `create(ClientAuthenticateRequestSchema)` to create a new message.
 */
export const ClientAuthenticateRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 7);
/**
 * Describes the message emqx.exhook.v1.ClientCheckAclRequest.
 * Use `create(ClientCheckAclRequestSchema)` to create a new message.
 */
export const ClientCheckAclRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 8);
/**
 * @generated from enum emqx.exhook.v1.ClientCheckAclRequest.AclReqType
 */
export var ClientCheckAclRequest_AclReqType;
(function (ClientCheckAclRequest_AclReqType) {
    /**
     * @generated from enum value: PUBLISH = 0;
     */
    ClientCheckAclRequest_AclReqType[ClientCheckAclRequest_AclReqType["PUBLISH"] = 0] = "PUBLISH";
    /**
     * @generated from enum value: SUBSCRIBE = 1;
     */
    ClientCheckAclRequest_AclReqType[ClientCheckAclRequest_AclReqType["SUBSCRIBE"] = 1] = "SUBSCRIBE";
})(ClientCheckAclRequest_AclReqType || (ClientCheckAclRequest_AclReqType = {}));
/**
 * Describes the enum emqx.exhook.v1.ClientCheckAclRequest.AclReqType.
 */
export const ClientCheckAclRequest_AclReqTypeSchema = /*@__PURE__*/ enumDesc(file_emqx_exhook_v1_exhook, 8, 0);
/**
 * Describes the message emqx.exhook.v1.ClientSubscribeRequest.
 * Use `create(ClientSubscribeRequestSchema)` to create a new message.
 */
export const ClientSubscribeRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 9);
/**
 * Describes the message emqx.exhook.v1.ClientUnsubscribeRequest.
 * Use `create(ClientUnsubscribeRequestSchema)` to create a new message.
 */
export const ClientUnsubscribeRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 10);
/**
 * Describes the message emqx.exhook.v1.SessionCreatedRequest.
 * Use `create(SessionCreatedRequestSchema)` to create a new message.
 */
export const SessionCreatedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 11);
/**
 * Describes the message emqx.exhook.v1.SessionSubscribedRequest.
 * Use `create(SessionSubscribedRequestSchema)` to create a new message.
 */
export const SessionSubscribedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 12);
/**
 * Describes the message emqx.exhook.v1.SessionUnsubscribedRequest.
 * Use `create(SessionUnsubscribedRequestSchema)` to create a new message.
 */
export const SessionUnsubscribedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 13);
/**
 * Describes the message emqx.exhook.v1.SessionResumedRequest.
 * Use `create(SessionResumedRequestSchema)` to create a new message.
 */
export const SessionResumedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 14);
/**
 * Describes the message emqx.exhook.v1.SessionDiscardedRequest.
 * Use `create(SessionDiscardedRequestSchema)` to create a new message.
 */
export const SessionDiscardedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 15);
/**
 * Describes the message emqx.exhook.v1.SessionTakeoveredRequest.
 * Use `create(SessionTakeoveredRequestSchema)` to create a new message.
 */
export const SessionTakeoveredRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 16);
/**
 * Describes the message emqx.exhook.v1.SessionTerminatedRequest.
 * Use `create(SessionTerminatedRequestSchema)` to create a new message.
 */
export const SessionTerminatedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 17);
/**
 * Describes the message emqx.exhook.v1.MessagePublishRequest.
 * Use `create(MessagePublishRequestSchema)` to create a new message.
 */
export const MessagePublishRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 18);
/**
 * Describes the message emqx.exhook.v1.MessageDeliveredRequest.
 * Use `create(MessageDeliveredRequestSchema)` to create a new message.
 */
export const MessageDeliveredRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 19);
/**
 * Describes the message emqx.exhook.v1.MessageDroppedRequest.
 * Use `create(MessageDroppedRequestSchema)` to create a new message.
 */
export const MessageDroppedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 20);
/**
 * Describes the message emqx.exhook.v1.MessageAckedRequest.
 * Use `create(MessageAckedRequestSchema)` to create a new message.
 */
export const MessageAckedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 21);
/**
 * Describes the message emqx.exhook.v1.EmptySuccess.
 * Use `create(EmptySuccessSchema)` to create a new message.
 */
export const EmptySuccessSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 22);
/**
 * Describes the message emqx.exhook.v1.ValuedResponse.
 * Use `create(ValuedResponseSchema)` to create a new message.
 */
export const ValuedResponseSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 23);
/**
 * The broker reads CONTINUE and STOP_AND_RETURN only when the `value` oneof is set.
 *
 * @generated from enum emqx.exhook.v1.ValuedResponse.ResponsedType
 */
export var ValuedResponse_ResponsedType;
(function (ValuedResponse_ResponsedType) {
    /**
     * @generated from enum value: CONTINUE = 0;
     */
    ValuedResponse_ResponsedType[ValuedResponse_ResponsedType["CONTINUE"] = 0] = "CONTINUE";
    /**
     * @generated from enum value: IGNORE = 1;
     */
    ValuedResponse_ResponsedType[ValuedResponse_ResponsedType["IGNORE"] = 1] = "IGNORE";
    /**
     * @generated from enum value: STOP_AND_RETURN = 2;
     */
    ValuedResponse_ResponsedType[ValuedResponse_ResponsedType["STOP_AND_RETURN"] = 2] = "STOP_AND_RETURN";
})(ValuedResponse_ResponsedType || (ValuedResponse_ResponsedType = {}));
/**
 * Describes the enum emqx.exhook.v1.ValuedResponse.ResponsedType.
 */
export const ValuedResponse_ResponsedTypeSchema = /*@__PURE__*/ enumDesc(file_emqx_exhook_v1_exhook, 23, 0);
/**
 * Describes the message emqx.exhook.v1.BrokerInfo.
 * Use `create(BrokerInfoSchema)` to create a new message.
 */
export const BrokerInfoSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 24);
/**
 * Describes the message emqx.exhook.v1.HookSpec.
 * Use `create(HookSpecSchema)` to create a new message.
 */
export const HookSpecSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 25);
/**
 * Describes the message emqx.exhook.v1.ConnInfo.
 * Use `create(ConnInfoSchema)` to create a new message.
 */
export const ConnInfoSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 26);
/**
 * Describes the message emqx.exhook.v1.ClientInfo.
 * Use `create(ClientInfoSchema)` to create a new message.
 */
export const ClientInfoSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 27);
/**
 * Describes the message emqx.exhook.v1.Message.
 * Use `create(MessageSchema)` to create a new message.
 */
export const MessageSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 28);
/**
 * Describes the message emqx.exhook.v1.Property.
 * Use `create(PropertySchema)` to create a new message.
 */
export const PropertySchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 29);
/**
 * Describes the message emqx.exhook.v1.TopicFilter.
 * Use `create(TopicFilterSchema)` to create a new message.
 */
export const TopicFilterSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 30);
/**
 * Describes the message emqx.exhook.v1.SubOpts.
 * Use `create(SubOptsSchema)` to create a new message.
 */
export const SubOptsSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 31);
/**
 * Describes the message emqx.exhook.v1.RequestMeta.
 * Use `create(RequestMetaSchema)` to create a new message.
 */
export const RequestMetaSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v1_exhook, 32);
/**
 * @generated from service emqx.exhook.v1.HookProvider
 */
export const HookProvider = /*@__PURE__*/ serviceDesc(file_emqx_exhook_v1_exhook, 0);
//# sourceMappingURL=exhook_pb.js.map