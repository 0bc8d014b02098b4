// The ExHook HookProvider service, protocol v2: EMQX 5.0 to 5.8.x. Keeps the 5.0-5.3 legacy fields (field 2 of TopicFilter and SubOpts) so those brokers decode.
// Field numbers are the wire contract with the broker; never renumber.
// Written for exhook from the protocol's published field tables.
import { enumDesc, fileDesc, messageDesc, serviceDesc } from "@bufbuild/protobuf/codegenv2";
/**
 * Describes the file emqx/exhook/v2/exhook.proto.
 */
export const file_emqx_exhook_v2_exhook = /*@__PURE__*/ fileDesc("ChtlbXF4L2V4aG9vay92Mi9leGhvb2sucHJvdG8SDmVtcXguZXhob29rLnYyIm4KFVByb3ZpZGVyTG9hZGVkUmVxdWVzdBIqCgZicm9rZXIYASABKAsyGi5lbXF4LmV4aG9vay52Mi5Ccm9rZXJJbmZvEikKBG1ldGEYAiABKAsyGy5lbXF4LmV4aG9vay52Mi5SZXF1ZXN0TWV0YSI5Cg5Mb2FkZWRSZXNwb25zZRInCgVob29rcxgBIAMoCzIYLmVtcXguZXhob29rLnYyLkhvb2tTcGVjIkQKF1Byb3ZpZGVyVW5sb2FkZWRSZXF1ZXN0EikKBG1ldGEYASABKAsyGy5lbXF4LmV4aG9vay52Mi5SZXF1ZXN0TWV0YSKWAQoUQ2xpZW50Q29ubmVjdFJlcXVlc3QSKgoIY29ubmluZm8YASABKAsyGC5lbXF4LmV4aG9vay52Mi5Db25uSW5mbxInCgVwcm9wcxgCIAMoCzIYLmVtcXguZXhob29rLnYyLlByb3BlcnR5EikKBG1ldGEYAyABKAsyGy5lbXF4LmV4aG9vay52Mi5SZXF1ZXN0TWV0YSKrAQoUQ2xpZW50Q29ubmFja1JlcXVlc3QSKgoIY29ubmluZm8YASABKAsyGC5lbXF4LmV4aG9vay52Mi5Db25uSW5mbxITCgtyZXN1bHRfY29kZRgCIAEoCRInCgVwcm9wcxgDIAMoCzIYLmVtcXguZXhob29rLnYyLlByb3BlcnR5EikKBG1ldGEYBCABKAsyGy5lbXF4LmV4aG9vay52Mi5SZXF1ZXN0TWV0YSJzChZDbGllbnRDb25uZWN0ZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52Mi5DbGllbnRJbmZvEikKBG1ldGEYAiABKAsyGy5lbXF4LmV4aG9vay52Mi5SZXF1ZXN0TWV0YSKGAQoZQ2xpZW50RGlzY29ubmVjdGVkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjIuQ2xpZW50SW5mbxIOCgZyZWFzb24YAiABKAkSKQoEbWV0YRgDIAEoCzIbLmVtcXguZXhob29rLnYyLlJlcXVlc3RNZXRhIoYBChlDbGllbnRBdXRoZW50aWNhdGVSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52Mi5DbGllbnRJbmZvEg4KBnJlc3VsdBgCIAEoCBIpCgRtZXRhGAMgASgLMhsuZW1xeC5leGhvb2sudjIuUmVxdWVzdE1ldGEiiQIKFkNsaWVudEF1dGhvcml6ZVJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYyLkNsaWVudEluZm8SRQoEdHlwZRgCIAEoDjI3LmVtcXguZXhob29rLnYyLkNsaWVudEF1dGhvcml6ZVJlcXVlc3QuQXV0aG9yaXplUmVxVHlwZRINCgV0b3BpYxgDIAEoCRIOCgZyZXN1bHQYBCABKAgSKQoEbWV0YRgFIAEoCzIbLmVtcXguZXhob29rLnYyLlJlcXVlc3RNZXRhIi4KEEF1dGhvcml6ZVJlcVR5cGUSCwoHUFVCTElTSBAAEg0KCVNVQlNDUklCRRABItABChZDbGllbnRTdWJzY3JpYmVSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52Mi5DbGllbnRJbmZvEicKBXByb3BzGAIgAygLMhguZW1xeC5leGhvb2sudjIuUHJvcGVydHkSMgoNdG9waWNfZmlsdGVycxgDIAMoCzIbLmVtcXguZXhob29rLnYyLlRvcGljRmlsdGVyEikKBG1ldGEYBCABKAsyGy5lbXF4LmV4aG9vay52Mi5SZXF1ZXN0TWV0YSLSAQoYQ2xpZW50VW5zdWJzY3JpYmVSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52Mi5DbGllbnRJbmZvEicKBXByb3BzGAIgAygLMhguZW1xeC5leGhvb2sudjIuUHJvcGVydHkSMgoNdG9waWNfZmlsdGVycxgDIAMoCzIbLmVtcXguZXhob29rLnYyLlRvcGljRmlsdGVyEikKBG1ldGEYBCABKAsyGy5lbXF4LmV4aG9vay52Mi5SZXF1ZXN0TWV0YSJyChVTZXNzaW9uQ3JlYXRlZFJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYyLkNsaWVudEluZm8SKQoEbWV0YRgCIAEoCzIbLmVtcXguZXhob29rLnYyLlJlcXVlc3RNZXRhIq4BChhTZXNzaW9uU3Vic2NyaWJlZFJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYyLkNsaWVudEluZm8SDQoFdG9waWMYAiABKAkSKAoHc3Vib3B0cxgDIAEoCzIXLmVtcXguZXhob29rLnYyLlN1Yk9wdHMSKQoEbWV0YRgEIAEoCzIbLmVtcXguZXhob29rLnYyLlJlcXVlc3RNZXRhIoYBChpTZXNzaW9uVW5zdWJzY3JpYmVkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjIuQ2xpZW50SW5mbxINCgV0b3BpYxgCIAEoCRIpCgRtZXRhGAMgASgLMhsuZW1xeC5leGhvb2sudjIuUmVxdWVzdE1ldGEicgoVU2Vzc2lvblJlc3VtZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52Mi5DbGllbnRJbmZvEikKBG1ldGEYAiABKAsyGy5lbXF4LmV4aG9vay52Mi5SZXF1ZXN0TWV0YSJ0ChdTZXNzaW9uRGlzY2FyZGVkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjIuQ2xpZW50SW5mbxIpCgRtZXRhGAIgASgLMhsuZW1xeC5leGhvb2sudjIuUmVxdWVzdE1ldGEidAoXU2Vzc2lvblRha2Vub3ZlclJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYyLkNsaWVudEluZm8SKQoEbWV0YRgCIAEoCzIbLmVtcXguZXhob29rLnYyLlJlcXVlc3RNZXRhIoUBChhTZXNzaW9uVGVybWluYXRlZFJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYyLkNsaWVudEluZm8SDgoGcmVhc29uGAIgASgJEikKBG1ldGEYAyABKAsyGy5lbXF4LmV4aG9vay52Mi5SZXF1ZXN0TWV0YSJsChVNZXNzYWdlUHVibGlzaFJlcXVlc3QSKAoHbWVzc2FnZRgBIAEoCzIXLmVtcXguZXhob29rLnYyLk1lc3NhZ2USKQoEbWV0YRgCIAEoCzIbLmVtcXguZXhob29rLnYyLlJlcXVlc3RNZXRhIp4BChdNZXNzYWdlRGVsaXZlcmVkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjIuQ2xpZW50SW5mbxIoCgdtZXNzYWdlGAIgASgLMhcuZW1xeC5leGhvb2sudjIuTWVzc2FnZRIpCgRtZXRhGAMgASgLMhsuZW1xeC5leGhvb2sudjIuUmVxdWVzdE1ldGEifAoVTWVzc2FnZURyb3BwZWRSZXF1ZXN0EigKB21lc3NhZ2UYASABKAsyFy5lbXF4LmV4aG9vay52Mi5NZXNzYWdlEg4KBnJlYXNvbhgCIAEoCRIpCgRtZXRhGAMgASgLMhsuZW1xeC5leGhvb2sudjIuUmVxdWVzdE1ldGEimgEKE01lc3NhZ2VBY2tlZFJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYyLkNsaWVudEluZm8SKAoHbWVzc2FnZRgCIAEoCzIXLmVtcXguZXhob29rLnYyLk1lc3NhZ2USKQoEbWV0YRgDIAEoCzIbLmVtcXguZXhob29rLnYyLlJlcXVlc3RNZXRhIg4KDEVtcHR5U3VjY2VzcyLYAQoOVmFsdWVkUmVzcG9uc2USOgoEdHlwZRgBIAEoDjIsLmVtcXguZXhob29rLnYyLlZhbHVlZFJlc3BvbnNlLlJlc3BvbnNlZFR5cGUSFQoLYm9vbF9yZXN1bHQYAyABKAhIABIqCgdtZXNzYWdlGAQgASgLMhcuZW1xeC5leGhvb2sudjIuTWVzc2FnZUgAIj4KDVJlc3BvbnNlZFR5cGUSDAoIQ09OVElOVUUQABIKCgZJR05PUkUQARITCg9TVE9QX0FORF9SRVRVUk4QAkIHCgV2YWx1ZSJRCgpCcm9rZXJJbmZvEg8KB3ZlcnNpb24YASABKAkSEAoIc3lzZGVzY3IYAiABKAkSDgoGdXB0aW1lGAMgASgDEhAKCGRhdGV0aW1lGAQgASgJIigKCEhvb2tTcGVjEgwKBG5hbWUYASABKAkSDgoGdG9waWNzGAIgAygJIqwBCghDb25uSW5mbxIMCgRub2RlGAEgASgJEhAKCGNsaWVudGlkGAIgASgJEhAKCHVzZXJuYW1lGAMgASgJEhAKCHBlZXJob3N0GAQgASgJEhAKCHNvY2twb3J0GAUgASgNEhIKCnByb3RvX25hbWUYBiABKAkSEQoJcHJvdG9fdmVyGAcgASgJEhEKCWtlZXBhbGl2ZRgIIAEoDRIQCghwZWVycG9ydBgJIAEoDSLtAQoKQ2xpZW50SW5mbxIMCgRub2RlGAEgASgJEhAKCGNsaWVudGlkGAIgASgJEhAKCHVzZXJuYW1lGAMgASgJEhAKCHBhc3N3b3JkGAQgASgJEhAKCHBlZXJob3N0GAUgASgJEhAKCHNvY2twb3J0GAYgASgNEhAKCHByb3RvY29sGAcgASgJEhIKCm1vdW50cG9pbnQYCCABKAkSFAoMaXNfc3VwZXJ1c2VyGAkgASgIEhEKCWFub255bW91cxgKIAEoCBIKCgJjbhgLIAEoCRIKCgJkbhgMIAEoCRIQCghwZWVycG9ydBgNIAEoDSLYAQoHTWVzc2FnZRIMCgRub2RlGAEgASgJEgoKAmlkGAIgASgJEgsKA3FvcxgDIAEoDRIMCgRmcm9tGAQgASgJEg0KBXRvcGljGAUgASgJEg8KB3BheWxvYWQYBiABKAwSEQoJdGltZXN0YW1wGAcgASgEEjUKB2hlYWRlcnMYCCADKAsyJC5lbXF4LmV4aG9vay52Mi5NZXNzYWdlLkhlYWRlcnNFbnRyeRouCgxIZWFkZXJzRW50cnkSCwoDa2V5GAEgASgJEg0KBXZhbHVlGAIgASgJOgI4ASInCghQcm9wZXJ0eRIMCgRuYW1lGAEgASgJEg0KBXZhbHVlGAIgASgJIlIKC1RvcGljRmlsdGVyEgwKBG5hbWUYASABKAkSCwoDcW9zGAIgASgNEigKB3N1Ym9wdHMYAyABKAsyFy5lbXF4LmV4aG9vay52Mi5TdWJPcHRzIkoKB1N1Yk9wdHMSCwoDcW9zGAEgASgNEg0KBXNoYXJlGAIgASgJEgoKAnJoGAMgASgNEgsKA3JhcBgEIAEoDRIKCgJubBgFIAEoDSJUCgtSZXF1ZXN0TWV0YRIMCgRub2RlGAEgASgJEg8KB3ZlcnNpb24YAiABKAkSEAoIc3lzZGVzY3IYAyABKAkSFAoMY2x1c3Rlcl9uYW1lGAQgASgJMscPCgxIb29rUHJvdmlkZXISWwoQT25Qcm92aWRlckxvYWRlZBIlLmVtcXguZXhob29rLnYyLlByb3ZpZGVyTG9hZGVkUmVxdWVzdBoeLmVtcXguZXhob29rLnYyLkxvYWRlZFJlc3BvbnNlIgASXQoST25Qcm92aWRlclVubG9hZGVkEicuZW1xeC5leGhvb2sudjIuUHJvdmlkZXJVbmxvYWRlZFJlcXVlc3QaHC5lbXF4LmV4aG9vay52Mi5FbXB0eVN1Y2Nlc3MiABJXCg9PbkNsaWVudENvbm5lY3QSJC5lbXF4LmV4aG9vay52Mi5DbGllbnRDb25uZWN0UmVxdWVzdBocLmVtcXguZXhob29rLnYyLkVtcHR5U3VjY2VzcyIAElcKD09uQ2xpZW50Q29ubmFjaxIkLmVtcXguZXhob29rLnYyLkNsaWVudENvbm5hY2tSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjIuRW1wdHlTdWNjZXNzIgASWwoRT25DbGllbnRDb25uZWN0ZWQSJi5lbXF4LmV4aG9vay52Mi5DbGllbnRDb25uZWN0ZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjIuRW1wdHlTdWNjZXNzIgASYQoUT25DbGllbnREaXNjb25uZWN0ZWQSKS5lbXF4LmV4aG9vay52Mi5DbGllbnREaXNjb25uZWN0ZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjIuRW1wdHlTdWNjZXNzIgASYwoUT25DbGllbnRBdXRoZW50aWNhdGUSKS5lbXF4LmV4aG9vay52Mi5DbGllbnRBdXRoZW50aWNhdGVSZXF1ZXN0Gh4uZW1xeC5leGhvb2sudjIuVmFsdWVkUmVzcG9uc2UiABJdChFPbkNsaWVudEF1dGhvcml6ZRImLmVtcXguZXhob29rLnYyLkNsaWVudEF1dGhvcml6ZVJlcXVlc3QaHi5lbXF4LmV4aG9vay52Mi5WYWx1ZWRSZXNwb25zZSIAElsKEU9uQ2xpZW50U3Vic2NyaWJlEiYuZW1xeC5leGhvb2sudjIuQ2xpZW50U3Vic2NyaWJlUmVxdWVzdBocLmVtcXguZXhob29rLnYyLkVtcHR5U3VjY2VzcyIAEl8KE09uQ2xpZW50VW5zdWJzY3JpYmUSKC5lbXF4LmV4aG9vay52Mi5DbGllbnRVbnN1YnNjcmliZVJlcXVlc3QaHC5lbXF4LmV4aG9vay52Mi5FbXB0eVN1Y2Nlc3MiABJZChBPblNlc3Npb25DcmVhdGVkEiUuZW1xeC5leGhvb2sudjIuU2Vzc2lvbkNyZWF0ZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjIuRW1wdHlTdWNjZXNzIgASXwoTT25TZXNzaW9uU3Vic2NyaWJlZBIoLmVtcXguZXhob29rLnYyLlNlc3Npb25TdWJzY3JpYmVkUmVxdWVzdBocLmVtcXguZXhob29rLnYyLkVtcHR5U3VjY2VzcyIAEmMKFU9uU2Vzc2lvblVuc3Vic2NyaWJlZBIqLmVtcXguZXhob29rLnYyLlNlc3Npb25VbnN1YnNjcmliZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjIuRW1wdHlTdWNjZXNzIgASWQoQT25TZXNzaW9uUmVzdW1lZBIlLmVtcXguZXhob29rLnYyLlNlc3Npb25SZXN1bWVkUmVxdWVzdBocLmVtcXguZXhob29rLnYyLkVtcHR5U3VjY2VzcyIAEl0KEk9uU2Vzc2lvbkRpc2NhcmRlZBInLmVtcXguZXhob29rLnYyLlNlc3Npb25EaXNjYXJkZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjIuRW1wdHlTdWNjZXNzIgASXQoST25TZXNzaW9uVGFrZW5vdmVyEicuZW1xeC5leGhvb2sudjIuU2Vzc2lvblRha2Vub3ZlclJlcXVlc3QaHC5lbXF4LmV4aG9vay52Mi5FbXB0eVN1Y2Nlc3MiABJfChNPblNlc3Npb25UZXJtaW5hdGVkEiguZW1xeC5leGhvb2sudjIuU2Vzc2lvblRlcm1pbmF0ZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjIuRW1wdHlTdWNjZXNzIgASWwoQT25NZXNzYWdlUHVibGlzaBIlLmVtcXguZXhob29rLnYyLk1lc3NhZ2VQdWJsaXNoUmVxdWVzdBoeLmVtcXguZXhob29rLnYyLlZhbHVlZFJlc3BvbnNlIgASXQoST25NZXNzYWdlRGVsaXZlcmVkEicuZW1xeC5leGhvb2sudjIuTWVzc2FnZURlbGl2ZXJlZFJlcXVlc3QaHC5lbXF4LmV4aG9vay52Mi5FbXB0eVN1Y2Nlc3MiABJZChBPbk1lc3NhZ2VEcm9wcGVkEiUuZW1xeC5leGhvb2sudjIuTWVzc2FnZURyb3BwZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjIuRW1wdHlTdWNjZXNzIgASVQoOT25NZXNzYWdlQWNrZWQSIy5lbXF4LmV4aG9vay52Mi5NZXNzYWdlQWNrZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjIuRW1wdHlTdWNjZXNzIgBiBnByb3RvMw");
/**
 * Describes the message emqx.exhook.v2.ProviderLoadedRequest.
 * Use `create(ProviderLoadedRequestSchema)` to create a new message.
 */
export const ProviderLoadedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 0);
/**
 * Describes the message emqx.exhook.v2.LoadedResponse.
 * Use `create(LoadedResponseSchema)` to create a new message.
 */
export const LoadedResponseSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 1);
/**
 * Describes the message emqx.exhook.v2.ProviderUnloadedRequest.
 * Use `create(ProviderUnloadedRequestSchema)` to create a new message.
 */
export const ProviderUnloadedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 2);
/**
 * Describes the message emqx.exhook.v2.ClientConnectRequest.
 * Use `create(ClientConnectRequestSchema)` to create a new message.
 */
export const ClientConnectRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 3);
/**
 * Describes the message emqx.exhook.v2.ClientConnackRequest.
 * Use `create(ClientConnackRequestSchema)` to create a new message.
 */
export const ClientConnackRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 4);
/**
 * Describes the message emqx.exhook.v2.ClientConnectedRequest.
 * Use `create(ClientConnectedRequestSchema)` to create a new message.
 */
export const ClientConnectedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 5);
/**
 * Describes the message emqx.exhook.v2.ClientDisconnectedRequest.
 * Use `create(ClientDisconnectedRequestSchema)` to create a new message.
 */
export const ClientDisconnectedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 6);
/**
 * Describes the message emqx.exhook.v2.ClientAuthenticateRequest.
 * Use `create(ClientAuthenticateRequestSchema)` to create a new message.
 */
export const ClientAuthenticateRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 7);
/**
 * Describes the message emqx.exhook.v2.ClientAuthorizeRequest.
 * Use `create(ClientAuthorizeRequestSchema)` to create a new message.
 */
export const ClientAuthorizeRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 8);
/**
 * @generated from enum emqx.exhook.v2.ClientAuthorizeRequest.AuthorizeReqType
 */
export var ClientAuthorizeRequest_AuthorizeReqType;
(function (ClientAuthorizeRequest_AuthorizeReqType) {
    /**
     * @generated from enum value: PUBLISH = 0;
     */
    ClientAuthorizeRequest_AuthorizeReqType[ClientAuthorizeRequest_AuthorizeReqType["PUBLISH"] = 0] = "PUBLISH";
    /**
     * @generated from enum value: SUBSCRIBE = 1;
     */
    ClientAuthorizeRequest_AuthorizeReqType[ClientAuthorizeRequest_AuthorizeReqType["SUBSCRIBE"] = 1] = "SUBSCRIBE";
})(ClientAuthorizeRequest_AuthorizeReqType || (ClientAuthorizeRequest_AuthorizeReqType = {}));
/**
 * Describes the enum emqx.exhook.v2.ClientAuthorizeRequest.AuthorizeReqType.
 */
export const ClientAuthorizeRequest_AuthorizeReqTypeSchema = /*@__PURE__*/ enumDesc(file_emqx_exhook_v2_exhook, 8, 0);
/**
 * Describes the message emqx.exhook.v2.ClientSubscribeRequest.
 * Use `create(ClientSubscribeRequestSchema)` to create a new message.
 */
export const ClientSubscribeRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 9);
/**
 * Describes the message emqx.exhook.v2.ClientUnsubscribeRequest.
 * Use `create(ClientUnsubscribeRequestSchema)` to create a new message.
 */
export const ClientUnsubscribeRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 10);
/**
 * Describes the message emqx.exhook.v2.SessionCreatedRequest.
 * Use `create(SessionCreatedRequestSchema)` to create a new message.
 */
export const SessionCreatedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 11);
/**
 * Describes the message emqx.exhook.v2.SessionSubscribedRequest.
 * Use `create(SessionSubscribedRequestSchema)` to create a new message.
 */
export const SessionSubscribedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 12);
/**
 * Describes the message emqx.exhook.v2.SessionUnsubscribedRequest.
 * Use `create(SessionUnsubscribedRequestSchema)` to create a new message.
 */
export const SessionUnsubscribedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 13);
/**
 * Describes the message emqx.exhook.v2.SessionResumedRequest.
 * Use `create(SessionResumedRequestSchema)` to create a new message.
 */
export const SessionResumedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 14);
/**
 * Describes the message emqx.exhook.v2.SessionDiscardedRequest.
 * Use `create(SessionDiscardedRequestSchema)` to create a new message.
 */
export const SessionDiscardedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 15);
/**
 * Describes the message emqx.exhook.v2.SessionTakenoverRequest.
 * Use `create(SessionTakenoverRequestSchema)` to create a new message.
 */
export const SessionTakenoverRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 16);
/**
 * Describes the message emqx.exhook.v2.SessionTerminatedRequest.
 * Use `create(SessionTerminatedRequestSchema)` to create a new message.
 */
export const SessionTerminatedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 17);
/**
 * Describes the message emqx.exhook.v2.MessagePublishRequest.
 * Use `create(MessagePublishRequestSchema)` to create a new message.
 */
export const MessagePublishRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 18);
/**
 * Describes the message emqx.exhook.v2.MessageDeliveredRequest.
 * Use `create(MessageDeliveredRequestSchema)` to create a new message.
 */
export const MessageDeliveredRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 19);
/**
 * Describes the message emqx.exhook.v2.MessageDroppedRequest.
 * Use `create(MessageDroppedRequestSchema)` to create a new message.
 */
export const MessageDroppedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 20);
/**
 * Describes the message emqx.exhook.v2.MessageAckedRequest.
 * Use `create(MessageAckedRequestSchema)` to create a new message.
 */
export const MessageAckedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 21);
/**
 * Describes the message emqx.exhook.v2.EmptySuccess.
 * Use `create(EmptySuccessSchema)` to create a new message.
 */
export const EmptySuccessSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 22);
/**
 * Describes the message emqx.exhook.v2.ValuedResponse.
 * Use `create(ValuedResponseSchema)` to create a new message.
 */
export const ValuedResponseSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 23);
/**
 * The broker reads CONTINUE and STOP_AND_RETURN only when the `value` oneof is set.
 *
 * @generated from enum emqx.exhook.v2.ValuedResponse.ResponsedType
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
 * Describes the enum emqx.exhook.v2.ValuedResponse.ResponsedType.
 */
export const ValuedResponse_ResponsedTypeSchema = /*@__PURE__*/ enumDesc(file_emqx_exhook_v2_exhook, 23, 0);
/**
 * Describes the message emqx.exhook.v2.BrokerInfo.
 * Use `create(BrokerInfoSchema)` to create a new message.
 */
export const BrokerInfoSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 24);
/**
 * Describes the message emqx.exhook.v2.HookSpec.
 * Use `create(HookSpecSchema)` to create a new message.
 */
export const HookSpecSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 25);
/**
 * Describes the message emqx.exhook.v2.ConnInfo.
 * Use `create(ConnInfoSchema)` to create a new message.
 */
export const ConnInfoSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 26);
/**
 * Describes the message emqx.exhook.v2.ClientInfo.
 * Use `create(ClientInfoSchema)` to create a new message.
 */
export const ClientInfoSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 27);
/**
 * Describes the message emqx.exhook.v2.Message.
 * Use `create(MessageSchema)` to create a new message.
 */
export const MessageSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 28);
/**
 * Describes the message emqx.exhook.v2.Property.
 * Use `create(PropertySchema)` to create a new message.
 */
export const PropertySchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 29);
/**
 * Describes the message emqx.exhook.v2.TopicFilter.
 * Use `create(TopicFilterSchema)` to create a new message.
 */
export const TopicFilterSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 30);
/**
 * Describes the message emqx.exhook.v2.SubOpts.
 * Use `create(SubOptsSchema)` to create a new message.
 */
export const SubOptsSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 31);
/**
 * Describes the message emqx.exhook.v2.RequestMeta.
 * Use `create(RequestMetaSchema)` to create a new message.
 */
export const RequestMetaSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v2_exhook, 32);
/**
 * @generated from service emqx.exhook.v2.HookProvider
 */
export const HookProvider = /*@__PURE__*/ serviceDesc(file_emqx_exhook_v2_exhook, 0);
//# sourceMappingURL=exhook_pb.js.map