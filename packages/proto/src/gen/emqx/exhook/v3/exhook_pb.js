// The ExHook HookProvider service, protocol v3: EMQX 5.9+ and 6.x: v2 plus MQTT v5 user properties.
// Field numbers are the wire contract with the broker; never renumber.
// Written for exhook from the protocol's published field tables.
import { enumDesc, fileDesc, messageDesc, serviceDesc } from "@bufbuild/protobuf/codegenv2";
/**
 * Describes the file emqx/exhook/v3/exhook.proto.
 */
export const file_emqx_exhook_v3_exhook = /*@__PURE__*/ fileDesc("ChtlbXF4L2V4aG9vay92My9leGhvb2sucHJvdG8SDmVtcXguZXhob29rLnYzIm4KFVByb3ZpZGVyTG9hZGVkUmVxdWVzdBIqCgZicm9rZXIYASABKAsyGi5lbXF4LmV4aG9vay52My5Ccm9rZXJJbmZvEikKBG1ldGEYAiABKAsyGy5lbXF4LmV4aG9vay52My5SZXF1ZXN0TWV0YSI5Cg5Mb2FkZWRSZXNwb25zZRInCgVob29rcxgBIAMoCzIYLmVtcXguZXhob29rLnYzLkhvb2tTcGVjIkQKF1Byb3ZpZGVyVW5sb2FkZWRSZXF1ZXN0EikKBG1ldGEYASABKAsyGy5lbXF4LmV4aG9vay52My5SZXF1ZXN0TWV0YSLEAQoUQ2xpZW50Q29ubmVjdFJlcXVlc3QSKgoIY29ubmluZm8YASABKAsyGC5lbXF4LmV4aG9vay52My5Db25uSW5mbxInCgVwcm9wcxgCIAMoCzIYLmVtcXguZXhob29rLnYzLlByb3BlcnR5EikKBG1ldGEYAyABKAsyGy5lbXF4LmV4aG9vay52My5SZXF1ZXN0TWV0YRIsCgp1c2VyX3Byb3BzGAQgAygLMhguZW1xeC5leGhvb2sudjMuUHJvcGVydHki2QEKFENsaWVudENvbm5hY2tSZXF1ZXN0EioKCGNvbm5pbmZvGAEgASgLMhguZW1xeC5leGhvb2sudjMuQ29ubkluZm8SEwoLcmVzdWx0X2NvZGUYAiABKAkSJwoFcHJvcHMYAyADKAsyGC5lbXF4LmV4aG9vay52My5Qcm9wZXJ0eRIpCgRtZXRhGAQgASgLMhsuZW1xeC5leGhvb2sudjMuUmVxdWVzdE1ldGESLAoKdXNlcl9wcm9wcxgFIAMoCzIYLmVtcXguZXhob29rLnYzLlByb3BlcnR5InMKFkNsaWVudENvbm5lY3RlZFJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYzLkNsaWVudEluZm8SKQoEbWV0YRgCIAEoCzIbLmVtcXguZXhob29rLnYzLlJlcXVlc3RNZXRhIoYBChlDbGllbnREaXNjb25uZWN0ZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52My5DbGllbnRJbmZvEg4KBnJlYXNvbhgCIAEoCRIpCgRtZXRhGAMgASgLMhsuZW1xeC5leGhvb2sudjMuUmVxdWVzdE1ldGEihgEKGUNsaWVudEF1dGhlbnRpY2F0ZVJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYzLkNsaWVudEluZm8SDgoGcmVzdWx0GAIgASgIEikKBG1ldGEYAyABKAsyGy5lbXF4LmV4aG9vay52My5SZXF1ZXN0TWV0YSKJAgoWQ2xpZW50QXV0aG9yaXplUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjMuQ2xpZW50SW5mbxJFCgR0eXBlGAIgASgOMjcuZW1xeC5leGhvb2sudjMuQ2xpZW50QXV0aG9yaXplUmVxdWVzdC5BdXRob3JpemVSZXFUeXBlEg0KBXRvcGljGAMgASgJEg4KBnJlc3VsdBgEIAEoCBIpCgRtZXRhGAUgASgLMhsuZW1xeC5leGhvb2sudjMuUmVxdWVzdE1ldGEiLgoQQXV0aG9yaXplUmVxVHlwZRILCgdQVUJMSVNIEAASDQoJU1VCU0NSSUJFEAEi/gEKFkNsaWVudFN1YnNjcmliZVJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYzLkNsaWVudEluZm8SJwoFcHJvcHMYAiADKAsyGC5lbXF4LmV4aG9vay52My5Qcm9wZXJ0eRIyCg10b3BpY19maWx0ZXJzGAMgAygLMhsuZW1xeC5leGhvb2sudjMuVG9waWNGaWx0ZXISKQoEbWV0YRgEIAEoCzIbLmVtcXguZXhob29rLnYzLlJlcXVlc3RNZXRhEiwKCnVzZXJfcHJvcHMYBSADKAsyGC5lbXF4LmV4aG9vay52My5Qcm9wZXJ0eSKAAgoYQ2xpZW50VW5zdWJzY3JpYmVSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52My5DbGllbnRJbmZvEicKBXByb3BzGAIgAygLMhguZW1xeC5leGhvb2sudjMuUHJvcGVydHkSMgoNdG9waWNfZmlsdGVycxgDIAMoCzIbLmVtcXguZXhob29rLnYzLlRvcGljRmlsdGVyEikKBG1ldGEYBCABKAsyGy5lbXF4LmV4aG9vay52My5SZXF1ZXN0TWV0YRIsCgp1c2VyX3Byb3BzGAUgAygLMhguZW1xeC5leGhvb2sudjMuUHJvcGVydHkicgoVU2Vzc2lvbkNyZWF0ZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52My5DbGllbnRJbmZvEikKBG1ldGEYAiABKAsyGy5lbXF4LmV4aG9vay52My5SZXF1ZXN0TWV0YSKuAQoYU2Vzc2lvblN1YnNjcmliZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52My5DbGllbnRJbmZvEg0KBXRvcGljGAIgASgJEigKB3N1Ym9wdHMYAyABKAsyFy5lbXF4LmV4aG9vay52My5TdWJPcHRzEikKBG1ldGEYBCABKAsyGy5lbXF4LmV4aG9vay52My5SZXF1ZXN0TWV0YSKGAQoaU2Vzc2lvblVuc3Vic2NyaWJlZFJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYzLkNsaWVudEluZm8SDQoFdG9waWMYAiABKAkSKQoEbWV0YRgDIAEoCzIbLmVtcXguZXhob29rLnYzLlJlcXVlc3RNZXRhInIKFVNlc3Npb25SZXN1bWVkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjMuQ2xpZW50SW5mbxIpCgRtZXRhGAIgASgLMhsuZW1xeC5leGhvb2sudjMuUmVxdWVzdE1ldGEidAoXU2Vzc2lvbkRpc2NhcmRlZFJlcXVlc3QSLgoKY2xpZW50aW5mbxgBIAEoCzIaLmVtcXguZXhob29rLnYzLkNsaWVudEluZm8SKQoEbWV0YRgCIAEoCzIbLmVtcXguZXhob29rLnYzLlJlcXVlc3RNZXRhInQKF1Nlc3Npb25UYWtlbm92ZXJSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52My5DbGllbnRJbmZvEikKBG1ldGEYAiABKAsyGy5lbXF4LmV4aG9vay52My5SZXF1ZXN0TWV0YSKFAQoYU2Vzc2lvblRlcm1pbmF0ZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52My5DbGllbnRJbmZvEg4KBnJlYXNvbhgCIAEoCRIpCgRtZXRhGAMgASgLMhsuZW1xeC5leGhvb2sudjMuUmVxdWVzdE1ldGEiwwEKFU1lc3NhZ2VQdWJsaXNoUmVxdWVzdBIoCgdtZXNzYWdlGAEgASgLMhcuZW1xeC5leGhvb2sudjMuTWVzc2FnZRIpCgRtZXRhGAIgASgLMhsuZW1xeC5leGhvb2sudjMuUmVxdWVzdE1ldGESJwoFcHJvcHMYAyADKAsyGC5lbXF4LmV4aG9vay52My5Qcm9wZXJ0eRIsCgp1c2VyX3Byb3BzGAQgAygLMhguZW1xeC5leGhvb2sudjMuUHJvcGVydHkingEKF01lc3NhZ2VEZWxpdmVyZWRSZXF1ZXN0Ei4KCmNsaWVudGluZm8YASABKAsyGi5lbXF4LmV4aG9vay52My5DbGllbnRJbmZvEigKB21lc3NhZ2UYAiABKAsyFy5lbXF4LmV4aG9vay52My5NZXNzYWdlEikKBG1ldGEYAyABKAsyGy5lbXF4LmV4aG9vay52My5SZXF1ZXN0TWV0YSJ8ChVNZXNzYWdlRHJvcHBlZFJlcXVlc3QSKAoHbWVzc2FnZRgBIAEoCzIXLmVtcXguZXhob29rLnYzLk1lc3NhZ2USDgoGcmVhc29uGAIgASgJEikKBG1ldGEYAyABKAsyGy5lbXF4LmV4aG9vay52My5SZXF1ZXN0TWV0YSKaAQoTTWVzc2FnZUFja2VkUmVxdWVzdBIuCgpjbGllbnRpbmZvGAEgASgLMhouZW1xeC5leGhvb2sudjMuQ2xpZW50SW5mbxIoCgdtZXNzYWdlGAIgASgLMhcuZW1xeC5leGhvb2sudjMuTWVzc2FnZRIpCgRtZXRhGAMgASgLMhsuZW1xeC5leGhvb2sudjMuUmVxdWVzdE1ldGEiDgoMRW1wdHlTdWNjZXNzItgBCg5WYWx1ZWRSZXNwb25zZRI6CgR0eXBlGAEgASgOMiwuZW1xeC5leGhvb2sudjMuVmFsdWVkUmVzcG9uc2UuUmVzcG9uc2VkVHlwZRIVCgtib29sX3Jlc3VsdBgDIAEoCEgAEioKB21lc3NhZ2UYBCABKAsyFy5lbXF4LmV4aG9vay52My5NZXNzYWdlSAAiPgoNUmVzcG9uc2VkVHlwZRIMCghDT05USU5VRRAAEgoKBklHTk9SRRABEhMKD1NUT1BfQU5EX1JFVFVSThACQgcKBXZhbHVlIlEKCkJyb2tlckluZm8SDwoHdmVyc2lvbhgBIAEoCRIQCghzeXNkZXNjchgCIAEoCRIOCgZ1cHRpbWUYAyABKAMSEAoIZGF0ZXRpbWUYBCABKAkiKAoISG9va1NwZWMSDAoEbmFtZRgBIAEoCRIOCgZ0b3BpY3MYAiADKAkirAEKCENvbm5JbmZvEgwKBG5vZGUYASABKAkSEAoIY2xpZW50aWQYAiABKAkSEAoIdXNlcm5hbWUYAyABKAkSEAoIcGVlcmhvc3QYBCABKAkSEAoIc29ja3BvcnQYBSABKA0SEgoKcHJvdG9fbmFtZRgGIAEoCRIRCglwcm90b192ZXIYByABKAkSEQoJa2VlcGFsaXZlGAggASgNEhAKCHBlZXJwb3J0GAkgASgNIu0BCgpDbGllbnRJbmZvEgwKBG5vZGUYASABKAkSEAoIY2xpZW50aWQYAiABKAkSEAoIdXNlcm5hbWUYAyABKAkSEAoIcGFzc3dvcmQYBCABKAkSEAoIcGVlcmhvc3QYBSABKAkSEAoIc29ja3BvcnQYBiABKA0SEAoIcHJvdG9jb2wYByABKAkSEgoKbW91bnRwb2ludBgIIAEoCRIUCgxpc19zdXBlcnVzZXIYCSABKAgSEQoJYW5vbnltb3VzGAogASgIEgoKAmNuGAsgASgJEgoKAmRuGAwgASgJEhAKCHBlZXJwb3J0GA0gASgNItgBCgdNZXNzYWdlEgwKBG5vZGUYASABKAkSCgoCaWQYAiABKAkSCwoDcW9zGAMgASgNEgwKBGZyb20YBCABKAkSDQoFdG9waWMYBSABKAkSDwoHcGF5bG9hZBgGIAEoDBIRCgl0aW1lc3RhbXAYByABKAQSNQoHaGVhZGVycxgIIAMoCzIkLmVtcXguZXhob29rLnYzLk1lc3NhZ2UuSGVhZGVyc0VudHJ5Gi4KDEhlYWRlcnNFbnRyeRILCgNrZXkYASABKAkSDQoFdmFsdWUYAiABKAk6AjgBIicKCFByb3BlcnR5EgwKBG5hbWUYASABKAkSDQoFdmFsdWUYAiABKAkiSwoLVG9waWNGaWx0ZXISDAoEbmFtZRgBIAEoCRIoCgdzdWJvcHRzGAMgASgLMhcuZW1xeC5leGhvb2sudjMuU3ViT3B0c0oECAIQAyJBCgdTdWJPcHRzEgsKA3FvcxgBIAEoDRIKCgJyaBgDIAEoDRILCgNyYXAYBCABKA0SCgoCbmwYBSABKA1KBAgCEAMiVAoLUmVxdWVzdE1ldGESDAoEbm9kZRgBIAEoCRIPCgd2ZXJzaW9uGAIgASgJEhAKCHN5c2Rlc2NyGAMgASgJEhQKDGNsdXN0ZXJfbmFtZRgEIAEoCTLHDwoMSG9va1Byb3ZpZGVyElsKEE9uUHJvdmlkZXJMb2FkZWQSJS5lbXF4LmV4aG9vay52My5Qcm92aWRlckxvYWRlZFJlcXVlc3QaHi5lbXF4LmV4aG9vay52My5Mb2FkZWRSZXNwb25zZSIAEl0KEk9uUHJvdmlkZXJVbmxvYWRlZBInLmVtcXguZXhob29rLnYzLlByb3ZpZGVyVW5sb2FkZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjMuRW1wdHlTdWNjZXNzIgASVwoPT25DbGllbnRDb25uZWN0EiQuZW1xeC5leGhvb2sudjMuQ2xpZW50Q29ubmVjdFJlcXVlc3QaHC5lbXF4LmV4aG9vay52My5FbXB0eVN1Y2Nlc3MiABJXCg9PbkNsaWVudENvbm5hY2sSJC5lbXF4LmV4aG9vay52My5DbGllbnRDb25uYWNrUmVxdWVzdBocLmVtcXguZXhob29rLnYzLkVtcHR5U3VjY2VzcyIAElsKEU9uQ2xpZW50Q29ubmVjdGVkEiYuZW1xeC5leGhvb2sudjMuQ2xpZW50Q29ubmVjdGVkUmVxdWVzdBocLmVtcXguZXhob29rLnYzLkVtcHR5U3VjY2VzcyIAEmEKFE9uQ2xpZW50RGlzY29ubmVjdGVkEikuZW1xeC5leGhvb2sudjMuQ2xpZW50RGlzY29ubmVjdGVkUmVxdWVzdBocLmVtcXguZXhob29rLnYzLkVtcHR5U3VjY2VzcyIAEmMKFE9uQ2xpZW50QXV0aGVudGljYXRlEikuZW1xeC5leGhvb2sudjMuQ2xpZW50QXV0aGVudGljYXRlUmVxdWVzdBoeLmVtcXguZXhob29rLnYzLlZhbHVlZFJlc3BvbnNlIgASXQoRT25DbGllbnRBdXRob3JpemUSJi5lbXF4LmV4aG9vay52My5DbGllbnRBdXRob3JpemVSZXF1ZXN0Gh4uZW1xeC5leGhvb2sudjMuVmFsdWVkUmVzcG9uc2UiABJbChFPbkNsaWVudFN1YnNjcmliZRImLmVtcXguZXhob29rLnYzLkNsaWVudFN1YnNjcmliZVJlcXVlc3QaHC5lbXF4LmV4aG9vay52My5FbXB0eVN1Y2Nlc3MiABJfChNPbkNsaWVudFVuc3Vic2NyaWJlEiguZW1xeC5leGhvb2sudjMuQ2xpZW50VW5zdWJzY3JpYmVSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjMuRW1wdHlTdWNjZXNzIgASWQoQT25TZXNzaW9uQ3JlYXRlZBIlLmVtcXguZXhob29rLnYzLlNlc3Npb25DcmVhdGVkUmVxdWVzdBocLmVtcXguZXhob29rLnYzLkVtcHR5U3VjY2VzcyIAEl8KE09uU2Vzc2lvblN1YnNjcmliZWQSKC5lbXF4LmV4aG9vay52My5TZXNzaW9uU3Vic2NyaWJlZFJlcXVlc3QaHC5lbXF4LmV4aG9vay52My5FbXB0eVN1Y2Nlc3MiABJjChVPblNlc3Npb25VbnN1YnNjcmliZWQSKi5lbXF4LmV4aG9vay52My5TZXNzaW9uVW5zdWJzY3JpYmVkUmVxdWVzdBocLmVtcXguZXhob29rLnYzLkVtcHR5U3VjY2VzcyIAElkKEE9uU2Vzc2lvblJlc3VtZWQSJS5lbXF4LmV4aG9vay52My5TZXNzaW9uUmVzdW1lZFJlcXVlc3QaHC5lbXF4LmV4aG9vay52My5FbXB0eVN1Y2Nlc3MiABJdChJPblNlc3Npb25EaXNjYXJkZWQSJy5lbXF4LmV4aG9vay52My5TZXNzaW9uRGlzY2FyZGVkUmVxdWVzdBocLmVtcXguZXhob29rLnYzLkVtcHR5U3VjY2VzcyIAEl0KEk9uU2Vzc2lvblRha2Vub3ZlchInLmVtcXguZXhob29rLnYzLlNlc3Npb25UYWtlbm92ZXJSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjMuRW1wdHlTdWNjZXNzIgASXwoTT25TZXNzaW9uVGVybWluYXRlZBIoLmVtcXguZXhob29rLnYzLlNlc3Npb25UZXJtaW5hdGVkUmVxdWVzdBocLmVtcXguZXhob29rLnYzLkVtcHR5U3VjY2VzcyIAElsKEE9uTWVzc2FnZVB1Ymxpc2gSJS5lbXF4LmV4aG9vay52My5NZXNzYWdlUHVibGlzaFJlcXVlc3QaHi5lbXF4LmV4aG9vay52My5WYWx1ZWRSZXNwb25zZSIAEl0KEk9uTWVzc2FnZURlbGl2ZXJlZBInLmVtcXguZXhob29rLnYzLk1lc3NhZ2VEZWxpdmVyZWRSZXF1ZXN0GhwuZW1xeC5leGhvb2sudjMuRW1wdHlTdWNjZXNzIgASWQoQT25NZXNzYWdlRHJvcHBlZBIlLmVtcXguZXhob29rLnYzLk1lc3NhZ2VEcm9wcGVkUmVxdWVzdBocLmVtcXguZXhob29rLnYzLkVtcHR5U3VjY2VzcyIAElUKDk9uTWVzc2FnZUFja2VkEiMuZW1xeC5leGhvb2sudjMuTWVzc2FnZUFja2VkUmVxdWVzdBocLmVtcXguZXhob29rLnYzLkVtcHR5U3VjY2VzcyIAYgZwcm90bzM");
/**
 * Describes the message emqx.exhook.v3.ProviderLoadedRequest.
 * Use `create(ProviderLoadedRequestSchema)` to create a new message.
 */
export const ProviderLoadedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 0);
/**
 * Describes the message emqx.exhook.v3.LoadedResponse.
 * Use `create(LoadedResponseSchema)` to create a new message.
 */
export const LoadedResponseSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 1);
/**
 * Describes the message emqx.exhook.v3.ProviderUnloadedRequest.
 * Use `create(ProviderUnloadedRequestSchema)` to create a new message.
 */
export const ProviderUnloadedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 2);
/**
 * Describes the message emqx.exhook.v3.ClientConnectRequest.
 * Use `create(ClientConnectRequestSchema)` to create a new message.
 */
export const ClientConnectRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 3);
/**
 * Describes the message emqx.exhook.v3.ClientConnackRequest.
 * Use `create(ClientConnackRequestSchema)` to create a new message.
 */
export const ClientConnackRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 4);
/**
 * Describes the message emqx.exhook.v3.ClientConnectedRequest.
 * Use `create(ClientConnectedRequestSchema)` to create a new message.
 */
export const ClientConnectedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 5);
/**
 * Describes the message emqx.exhook.v3.ClientDisconnectedRequest.
 * Use `create(ClientDisconnectedRequestSchema)` to create a new message.
 */
export const ClientDisconnectedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 6);
/**
 * Describes the message emqx.exhook.v3.ClientAuthenticateRequest.
 * Use `create(ClientAuthenticateRequestSchema)` to create a new message.
 */
export const ClientAuthenticateRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 7);
/**
 * Describes the message emqx.exhook.v3.ClientAuthorizeRequest.
 * Use `create(ClientAuthorizeRequestSchema)` to create a new message.
 */
export const ClientAuthorizeRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 8);
/**
 * @generated from enum emqx.exhook.v3.ClientAuthorizeRequest.AuthorizeReqType
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
 * Describes the enum emqx.exhook.v3.ClientAuthorizeRequest.AuthorizeReqType.
 */
export const ClientAuthorizeRequest_AuthorizeReqTypeSchema = /*@__PURE__*/ enumDesc(file_emqx_exhook_v3_exhook, 8, 0);
/**
 * Describes the message emqx.exhook.v3.ClientSubscribeRequest.
 * Use `create(ClientSubscribeRequestSchema)` to create a new message.
 */
export const ClientSubscribeRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 9);
/**
 * Describes the message emqx.exhook.v3.ClientUnsubscribeRequest.
 * Use `create(ClientUnsubscribeRequestSchema)` to create a new message.
 */
export const ClientUnsubscribeRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 10);
/**
 * Describes the message emqx.exhook.v3.SessionCreatedRequest.
 * Use `create(SessionCreatedRequestSchema)` to create a new message.
 */
export const SessionCreatedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 11);
/**
 * Describes the message emqx.exhook.v3.SessionSubscribedRequest.
 * Use `create(SessionSubscribedRequestSchema)` to create a new message.
 */
export const SessionSubscribedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 12);
/**
 * Describes the message emqx.exhook.v3.SessionUnsubscribedRequest.
 * Use `create(SessionUnsubscribedRequestSchema)` to create a new message.
 */
export const SessionUnsubscribedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 13);
/**
 * Describes the message emqx.exhook.v3.SessionResumedRequest.
 * Use `create(SessionResumedRequestSchema)` to create a new message.
 */
export const SessionResumedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 14);
/**
 * Describes the message emqx.exhook.v3.SessionDiscardedRequest.
 * Use `create(SessionDiscardedRequestSchema)` to create a new message.
 */
export const SessionDiscardedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 15);
/**
 * Describes the message emqx.exhook.v3.SessionTakenoverRequest.
 * Use `create(SessionTakenoverRequestSchema)` to create a new message.
 */
export const SessionTakenoverRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 16);
/**
 * Describes the message emqx.exhook.v3.SessionTerminatedRequest.
 * Use `create(SessionTerminatedRequestSchema)` to create a new message.
 */
export const SessionTerminatedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 17);
/**
 * Describes the message emqx.exhook.v3.MessagePublishRequest.
 * Use `create(MessagePublishRequestSchema)` to create a new message.
 */
export const MessagePublishRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 18);
/**
 * Describes the message emqx.exhook.v3.MessageDeliveredRequest.
 * Use `create(MessageDeliveredRequestSchema)` to create a new message.
 */
export const MessageDeliveredRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 19);
/**
 * Describes the message emqx.exhook.v3.MessageDroppedRequest.
 * Use `create(MessageDroppedRequestSchema)` to create a new message.
 */
export const MessageDroppedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 20);
/**
 * Describes the message emqx.exhook.v3.MessageAckedRequest.
 * Use `create(MessageAckedRequestSchema)` to create a new message.
 */
export const MessageAckedRequestSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 21);
/**
 * Describes the message emqx.exhook.v3.EmptySuccess.
 * Use `create(EmptySuccessSchema)` to create a new message.
 */
export const EmptySuccessSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 22);
/**
 * Describes the message emqx.exhook.v3.ValuedResponse.
 * Use `create(ValuedResponseSchema)` to create a new message.
 */
export const ValuedResponseSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 23);
/**
 * The broker reads CONTINUE and STOP_AND_RETURN only when the `value` oneof is set.
 *
 * @generated from enum emqx.exhook.v3.ValuedResponse.ResponsedType
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
 * Describes the enum emqx.exhook.v3.ValuedResponse.ResponsedType.
 */
export const ValuedResponse_ResponsedTypeSchema = /*@__PURE__*/ enumDesc(file_emqx_exhook_v3_exhook, 23, 0);
/**
 * Describes the message emqx.exhook.v3.BrokerInfo.
 * Use `create(BrokerInfoSchema)` to create a new message.
 */
export const BrokerInfoSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 24);
/**
 * Describes the message emqx.exhook.v3.HookSpec.
 * Use `create(HookSpecSchema)` to create a new message.
 */
export const HookSpecSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 25);
/**
 * Describes the message emqx.exhook.v3.ConnInfo.
 * Use `create(ConnInfoSchema)` to create a new message.
 */
export const ConnInfoSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 26);
/**
 * Describes the message emqx.exhook.v3.ClientInfo.
 * Use `create(ClientInfoSchema)` to create a new message.
 */
export const ClientInfoSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 27);
/**
 * Describes the message emqx.exhook.v3.Message.
 * Use `create(MessageSchema)` to create a new message.
 */
export const MessageSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 28);
/**
 * Describes the message emqx.exhook.v3.Property.
 * Use `create(PropertySchema)` to create a new message.
 */
export const PropertySchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 29);
/**
 * Describes the message emqx.exhook.v3.TopicFilter.
 * Use `create(TopicFilterSchema)` to create a new message.
 */
export const TopicFilterSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 30);
/**
 * Describes the message emqx.exhook.v3.SubOpts.
 * Use `create(SubOptsSchema)` to create a new message.
 */
export const SubOptsSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 31);
/**
 * Describes the message emqx.exhook.v3.RequestMeta.
 * Use `create(RequestMetaSchema)` to create a new message.
 */
export const RequestMetaSchema = /*@__PURE__*/ messageDesc(file_emqx_exhook_v3_exhook, 32);
/**
 * @generated from service emqx.exhook.v3.HookProvider
 */
export const HookProvider = /*@__PURE__*/ serviceDesc(file_emqx_exhook_v3_exhook, 0);
//# sourceMappingURL=exhook_pb.js.map