import type { GenEnum, GenFile, GenMessage, GenService } from "@bufbuild/protobuf/codegenv2";
import type { Message as Message$1 } from "@bufbuild/protobuf";
/**
 * Describes the file emqx/exhook/v3/exhook.proto.
 */
export declare const file_emqx_exhook_v3_exhook: GenFile;
/**
 * @generated from message emqx.exhook.v3.ProviderLoadedRequest
 */
export type ProviderLoadedRequest = Message$1<"emqx.exhook.v3.ProviderLoadedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.BrokerInfo broker = 1;
     */
    broker?: BrokerInfo | undefined;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 2;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.ProviderLoadedRequest.
 * Use `create(ProviderLoadedRequestSchema)` to create a new message.
 */
export declare const ProviderLoadedRequestSchema: GenMessage<ProviderLoadedRequest>;
/**
 * @generated from message emqx.exhook.v3.LoadedResponse
 */
export type LoadedResponse = Message$1<"emqx.exhook.v3.LoadedResponse"> & {
    /**
     * @generated from field: repeated emqx.exhook.v3.HookSpec hooks = 1;
     */
    hooks: HookSpec[];
};
/**
 * Describes the message emqx.exhook.v3.LoadedResponse.
 * Use `create(LoadedResponseSchema)` to create a new message.
 */
export declare const LoadedResponseSchema: GenMessage<LoadedResponse>;
/**
 * @generated from message emqx.exhook.v3.ProviderUnloadedRequest
 */
export type ProviderUnloadedRequest = Message$1<"emqx.exhook.v3.ProviderUnloadedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 1;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.ProviderUnloadedRequest.
 * Use `create(ProviderUnloadedRequestSchema)` to create a new message.
 */
export declare const ProviderUnloadedRequestSchema: GenMessage<ProviderUnloadedRequest>;
/**
 * @generated from message emqx.exhook.v3.ClientConnectRequest
 */
export type ClientConnectRequest = Message$1<"emqx.exhook.v3.ClientConnectRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ConnInfo conninfo = 1;
     */
    conninfo?: ConnInfo | undefined;
    /**
     * MQTT v5 CONNECT properties.
     *
     * @generated from field: repeated emqx.exhook.v3.Property props = 2;
     */
    props: Property[];
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 3;
     */
    meta?: RequestMeta | undefined;
    /**
     * @generated from field: repeated emqx.exhook.v3.Property user_props = 4;
     */
    userProps: Property[];
};
/**
 * Describes the message emqx.exhook.v3.ClientConnectRequest.
 * Use `create(ClientConnectRequestSchema)` to create a new message.
 */
export declare const ClientConnectRequestSchema: GenMessage<ClientConnectRequest>;
/**
 * @generated from message emqx.exhook.v3.ClientConnackRequest
 */
export type ClientConnackRequest = Message$1<"emqx.exhook.v3.ClientConnackRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ConnInfo conninfo = 1;
     */
    conninfo?: ConnInfo | undefined;
    /**
     * @generated from field: string result_code = 2;
     */
    resultCode: string;
    /**
     * @generated from field: repeated emqx.exhook.v3.Property props = 3;
     */
    props: Property[];
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 4;
     */
    meta?: RequestMeta | undefined;
    /**
     * @generated from field: repeated emqx.exhook.v3.Property user_props = 5;
     */
    userProps: Property[];
};
/**
 * Describes the message emqx.exhook.v3.ClientConnackRequest.
 * Use `create(ClientConnackRequestSchema)` to create a new message.
 */
export declare const ClientConnackRequestSchema: GenMessage<ClientConnackRequest>;
/**
 * @generated from message emqx.exhook.v3.ClientConnectedRequest
 */
export type ClientConnectedRequest = Message$1<"emqx.exhook.v3.ClientConnectedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 2;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.ClientConnectedRequest.
 * Use `create(ClientConnectedRequestSchema)` to create a new message.
 */
export declare const ClientConnectedRequestSchema: GenMessage<ClientConnectedRequest>;
/**
 * @generated from message emqx.exhook.v3.ClientDisconnectedRequest
 */
export type ClientDisconnectedRequest = Message$1<"emqx.exhook.v3.ClientDisconnectedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: string reason = 2;
     */
    reason: string;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 3;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.ClientDisconnectedRequest.
 * Use `create(ClientDisconnectedRequestSchema)` to create a new message.
 */
export declare const ClientDisconnectedRequestSchema: GenMessage<ClientDisconnectedRequest>;
/**
 * @generated from message emqx.exhook.v3.ClientAuthenticateRequest
 */
export type ClientAuthenticateRequest = Message$1<"emqx.exhook.v3.ClientAuthenticateRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: bool result = 2;
     */
    result: boolean;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 3;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.ClientAuthenticateRequest.
 * Use `create(ClientAuthenticateRequestSchema)` to create a new message.
 */
export declare const ClientAuthenticateRequestSchema: GenMessage<ClientAuthenticateRequest>;
/**
 * @generated from message emqx.exhook.v3.ClientAuthorizeRequest
 */
export type ClientAuthorizeRequest = Message$1<"emqx.exhook.v3.ClientAuthorizeRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: emqx.exhook.v3.ClientAuthorizeRequest.AuthorizeReqType type = 2;
     */
    type: ClientAuthorizeRequest_AuthorizeReqType;
    /**
     * @generated from field: string topic = 3;
     */
    topic: string;
    /**
     * @generated from field: bool result = 4;
     */
    result: boolean;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 5;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.ClientAuthorizeRequest.
 * Use `create(ClientAuthorizeRequestSchema)` to create a new message.
 */
export declare const ClientAuthorizeRequestSchema: GenMessage<ClientAuthorizeRequest>;
/**
 * @generated from enum emqx.exhook.v3.ClientAuthorizeRequest.AuthorizeReqType
 */
export declare enum ClientAuthorizeRequest_AuthorizeReqType {
    /**
     * @generated from enum value: PUBLISH = 0;
     */
    PUBLISH = 0,
    /**
     * @generated from enum value: SUBSCRIBE = 1;
     */
    SUBSCRIBE = 1
}
/**
 * Describes the enum emqx.exhook.v3.ClientAuthorizeRequest.AuthorizeReqType.
 */
export declare const ClientAuthorizeRequest_AuthorizeReqTypeSchema: GenEnum<ClientAuthorizeRequest_AuthorizeReqType>;
/**
 * @generated from message emqx.exhook.v3.ClientSubscribeRequest
 */
export type ClientSubscribeRequest = Message$1<"emqx.exhook.v3.ClientSubscribeRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: repeated emqx.exhook.v3.Property props = 2;
     */
    props: Property[];
    /**
     * @generated from field: repeated emqx.exhook.v3.TopicFilter topic_filters = 3;
     */
    topicFilters: TopicFilter[];
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 4;
     */
    meta?: RequestMeta | undefined;
    /**
     * @generated from field: repeated emqx.exhook.v3.Property user_props = 5;
     */
    userProps: Property[];
};
/**
 * Describes the message emqx.exhook.v3.ClientSubscribeRequest.
 * Use `create(ClientSubscribeRequestSchema)` to create a new message.
 */
export declare const ClientSubscribeRequestSchema: GenMessage<ClientSubscribeRequest>;
/**
 * @generated from message emqx.exhook.v3.ClientUnsubscribeRequest
 */
export type ClientUnsubscribeRequest = Message$1<"emqx.exhook.v3.ClientUnsubscribeRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: repeated emqx.exhook.v3.Property props = 2;
     */
    props: Property[];
    /**
     * @generated from field: repeated emqx.exhook.v3.TopicFilter topic_filters = 3;
     */
    topicFilters: TopicFilter[];
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 4;
     */
    meta?: RequestMeta | undefined;
    /**
     * @generated from field: repeated emqx.exhook.v3.Property user_props = 5;
     */
    userProps: Property[];
};
/**
 * Describes the message emqx.exhook.v3.ClientUnsubscribeRequest.
 * Use `create(ClientUnsubscribeRequestSchema)` to create a new message.
 */
export declare const ClientUnsubscribeRequestSchema: GenMessage<ClientUnsubscribeRequest>;
/**
 * @generated from message emqx.exhook.v3.SessionCreatedRequest
 */
export type SessionCreatedRequest = Message$1<"emqx.exhook.v3.SessionCreatedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 2;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.SessionCreatedRequest.
 * Use `create(SessionCreatedRequestSchema)` to create a new message.
 */
export declare const SessionCreatedRequestSchema: GenMessage<SessionCreatedRequest>;
/**
 * @generated from message emqx.exhook.v3.SessionSubscribedRequest
 */
export type SessionSubscribedRequest = Message$1<"emqx.exhook.v3.SessionSubscribedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: string topic = 2;
     */
    topic: string;
    /**
     * @generated from field: emqx.exhook.v3.SubOpts subopts = 3;
     */
    subopts?: SubOpts | undefined;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 4;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.SessionSubscribedRequest.
 * Use `create(SessionSubscribedRequestSchema)` to create a new message.
 */
export declare const SessionSubscribedRequestSchema: GenMessage<SessionSubscribedRequest>;
/**
 * @generated from message emqx.exhook.v3.SessionUnsubscribedRequest
 */
export type SessionUnsubscribedRequest = Message$1<"emqx.exhook.v3.SessionUnsubscribedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: string topic = 2;
     */
    topic: string;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 3;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.SessionUnsubscribedRequest.
 * Use `create(SessionUnsubscribedRequestSchema)` to create a new message.
 */
export declare const SessionUnsubscribedRequestSchema: GenMessage<SessionUnsubscribedRequest>;
/**
 * @generated from message emqx.exhook.v3.SessionResumedRequest
 */
export type SessionResumedRequest = Message$1<"emqx.exhook.v3.SessionResumedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 2;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.SessionResumedRequest.
 * Use `create(SessionResumedRequestSchema)` to create a new message.
 */
export declare const SessionResumedRequestSchema: GenMessage<SessionResumedRequest>;
/**
 * @generated from message emqx.exhook.v3.SessionDiscardedRequest
 */
export type SessionDiscardedRequest = Message$1<"emqx.exhook.v3.SessionDiscardedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 2;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.SessionDiscardedRequest.
 * Use `create(SessionDiscardedRequestSchema)` to create a new message.
 */
export declare const SessionDiscardedRequestSchema: GenMessage<SessionDiscardedRequest>;
/**
 * @generated from message emqx.exhook.v3.SessionTakenoverRequest
 */
export type SessionTakenoverRequest = Message$1<"emqx.exhook.v3.SessionTakenoverRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 2;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.SessionTakenoverRequest.
 * Use `create(SessionTakenoverRequestSchema)` to create a new message.
 */
export declare const SessionTakenoverRequestSchema: GenMessage<SessionTakenoverRequest>;
/**
 * @generated from message emqx.exhook.v3.SessionTerminatedRequest
 */
export type SessionTerminatedRequest = Message$1<"emqx.exhook.v3.SessionTerminatedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: string reason = 2;
     */
    reason: string;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 3;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.SessionTerminatedRequest.
 * Use `create(SessionTerminatedRequestSchema)` to create a new message.
 */
export declare const SessionTerminatedRequestSchema: GenMessage<SessionTerminatedRequest>;
/**
 * @generated from message emqx.exhook.v3.MessagePublishRequest
 */
export type MessagePublishRequest = Message$1<"emqx.exhook.v3.MessagePublishRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.Message message = 1;
     */
    message?: Message | undefined;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 2;
     */
    meta?: RequestMeta | undefined;
    /**
     * @generated from field: repeated emqx.exhook.v3.Property props = 3;
     */
    props: Property[];
    /**
     * @generated from field: repeated emqx.exhook.v3.Property user_props = 4;
     */
    userProps: Property[];
};
/**
 * Describes the message emqx.exhook.v3.MessagePublishRequest.
 * Use `create(MessagePublishRequestSchema)` to create a new message.
 */
export declare const MessagePublishRequestSchema: GenMessage<MessagePublishRequest>;
/**
 * @generated from message emqx.exhook.v3.MessageDeliveredRequest
 */
export type MessageDeliveredRequest = Message$1<"emqx.exhook.v3.MessageDeliveredRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: emqx.exhook.v3.Message message = 2;
     */
    message?: Message | undefined;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 3;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.MessageDeliveredRequest.
 * Use `create(MessageDeliveredRequestSchema)` to create a new message.
 */
export declare const MessageDeliveredRequestSchema: GenMessage<MessageDeliveredRequest>;
/**
 * @generated from message emqx.exhook.v3.MessageDroppedRequest
 */
export type MessageDroppedRequest = Message$1<"emqx.exhook.v3.MessageDroppedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.Message message = 1;
     */
    message?: Message | undefined;
    /**
     * @generated from field: string reason = 2;
     */
    reason: string;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 3;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.MessageDroppedRequest.
 * Use `create(MessageDroppedRequestSchema)` to create a new message.
 */
export declare const MessageDroppedRequestSchema: GenMessage<MessageDroppedRequest>;
/**
 * @generated from message emqx.exhook.v3.MessageAckedRequest
 */
export type MessageAckedRequest = Message$1<"emqx.exhook.v3.MessageAckedRequest"> & {
    /**
     * @generated from field: emqx.exhook.v3.ClientInfo clientinfo = 1;
     */
    clientinfo?: ClientInfo | undefined;
    /**
     * @generated from field: emqx.exhook.v3.Message message = 2;
     */
    message?: Message | undefined;
    /**
     * @generated from field: emqx.exhook.v3.RequestMeta meta = 3;
     */
    meta?: RequestMeta | undefined;
};
/**
 * Describes the message emqx.exhook.v3.MessageAckedRequest.
 * Use `create(MessageAckedRequestSchema)` to create a new message.
 */
export declare const MessageAckedRequestSchema: GenMessage<MessageAckedRequest>;
/**
 * @generated from message emqx.exhook.v3.EmptySuccess
 */
export type EmptySuccess = Message$1<"emqx.exhook.v3.EmptySuccess"> & {};
/**
 * Describes the message emqx.exhook.v3.EmptySuccess.
 * Use `create(EmptySuccessSchema)` to create a new message.
 */
export declare const EmptySuccessSchema: GenMessage<EmptySuccess>;
/**
 * @generated from message emqx.exhook.v3.ValuedResponse
 */
export type ValuedResponse = Message$1<"emqx.exhook.v3.ValuedResponse"> & {
    /**
     * @generated from field: emqx.exhook.v3.ValuedResponse.ResponsedType type = 1;
     */
    type: ValuedResponse_ResponsedType;
    /**
     * @generated from oneof emqx.exhook.v3.ValuedResponse.value
     */
    value: {
        /**
         * @generated from field: bool bool_result = 3;
         */
        value: boolean;
        case: "boolResult";
    } | {
        /**
         * @generated from field: emqx.exhook.v3.Message message = 4;
         */
        value: Message;
        case: "message";
    } | {
        case: undefined;
        value?: undefined;
    };
};
/**
 * Describes the message emqx.exhook.v3.ValuedResponse.
 * Use `create(ValuedResponseSchema)` to create a new message.
 */
export declare const ValuedResponseSchema: GenMessage<ValuedResponse>;
/**
 * The broker reads CONTINUE and STOP_AND_RETURN only when the `value` oneof is set.
 *
 * @generated from enum emqx.exhook.v3.ValuedResponse.ResponsedType
 */
export declare enum ValuedResponse_ResponsedType {
    /**
     * @generated from enum value: CONTINUE = 0;
     */
    CONTINUE = 0,
    /**
     * @generated from enum value: IGNORE = 1;
     */
    IGNORE = 1,
    /**
     * @generated from enum value: STOP_AND_RETURN = 2;
     */
    STOP_AND_RETURN = 2
}
/**
 * Describes the enum emqx.exhook.v3.ValuedResponse.ResponsedType.
 */
export declare const ValuedResponse_ResponsedTypeSchema: GenEnum<ValuedResponse_ResponsedType>;
/**
 * @generated from message emqx.exhook.v3.BrokerInfo
 */
export type BrokerInfo = Message$1<"emqx.exhook.v3.BrokerInfo"> & {
    /**
     * @generated from field: string version = 1;
     */
    version: string;
    /**
     * @generated from field: string sysdescr = 2;
     */
    sysdescr: string;
    /**
     * Milliseconds since the broker node started.
     *
     * @generated from field: int64 uptime = 3;
     */
    uptime: bigint;
    /**
     * @generated from field: string datetime = 4;
     */
    datetime: string;
};
/**
 * Describes the message emqx.exhook.v3.BrokerInfo.
 * Use `create(BrokerInfoSchema)` to create a new message.
 */
export declare const BrokerInfoSchema: GenMessage<BrokerInfo>;
/**
 * @generated from message emqx.exhook.v3.HookSpec
 */
export type HookSpec = Message$1<"emqx.exhook.v3.HookSpec"> & {
    /**
     * A hook name the broker knows; an unknown one makes it reject the whole load.
     *
     * @generated from field: string name = 1;
     */
    name: string;
    /**
     * Topic filters, read for message.* hooks only; empty means every topic.
     *
     * @generated from field: repeated string topics = 2;
     */
    topics: string[];
};
/**
 * Describes the message emqx.exhook.v3.HookSpec.
 * Use `create(HookSpecSchema)` to create a new message.
 */
export declare const HookSpecSchema: GenMessage<HookSpec>;
/**
 * @generated from message emqx.exhook.v3.ConnInfo
 */
export type ConnInfo = Message$1<"emqx.exhook.v3.ConnInfo"> & {
    /**
     * @generated from field: string node = 1;
     */
    node: string;
    /**
     * @generated from field: string clientid = 2;
     */
    clientid: string;
    /**
     * @generated from field: string username = 3;
     */
    username: string;
    /**
     * @generated from field: string peerhost = 4;
     */
    peerhost: string;
    /**
     * @generated from field: uint32 sockport = 5;
     */
    sockport: number;
    /**
     * @generated from field: string proto_name = 6;
     */
    protoName: string;
    /**
     * "3", "4" or "5".
     *
     * @generated from field: string proto_ver = 7;
     */
    protoVer: string;
    /**
     * @generated from field: uint32 keepalive = 8;
     */
    keepalive: number;
    /**
     * Sent from EMQX 5.4.
     *
     * @generated from field: uint32 peerport = 9;
     */
    peerport: number;
};
/**
 * Describes the message emqx.exhook.v3.ConnInfo.
 * Use `create(ConnInfoSchema)` to create a new message.
 */
export declare const ConnInfoSchema: GenMessage<ConnInfo>;
/**
 * @generated from message emqx.exhook.v3.ClientInfo
 */
export type ClientInfo = Message$1<"emqx.exhook.v3.ClientInfo"> & {
    /**
     * @generated from field: string node = 1;
     */
    node: string;
    /**
     * @generated from field: string clientid = 2;
     */
    clientid: string;
    /**
     * @generated from field: string username = 3;
     */
    username: string;
    /**
     * @generated from field: string password = 4;
     */
    password: string;
    /**
     * @generated from field: string peerhost = 5;
     */
    peerhost: string;
    /**
     * @generated from field: uint32 sockport = 6;
     */
    sockport: number;
    /**
     * @generated from field: string protocol = 7;
     */
    protocol: string;
    /**
     * @generated from field: string mountpoint = 8;
     */
    mountpoint: string;
    /**
     * @generated from field: bool is_superuser = 9;
     */
    isSuperuser: boolean;
    /**
     * @generated from field: bool anonymous = 10;
     */
    anonymous: boolean;
    /**
     * @generated from field: string cn = 11;
     */
    cn: string;
    /**
     * @generated from field: string dn = 12;
     */
    dn: string;
    /**
     * Sent from EMQX 5.4.
     *
     * @generated from field: uint32 peerport = 13;
     */
    peerport: number;
};
/**
 * Describes the message emqx.exhook.v3.ClientInfo.
 * Use `create(ClientInfoSchema)` to create a new message.
 */
export declare const ClientInfoSchema: GenMessage<ClientInfo>;
/**
 * @generated from message emqx.exhook.v3.Message
 */
export type Message = Message$1<"emqx.exhook.v3.Message"> & {
    /**
     * @generated from field: string node = 1;
     */
    node: string;
    /**
     * Hex GUID.
     *
     * @generated from field: string id = 2;
     */
    id: string;
    /**
     * @generated from field: uint32 qos = 3;
     */
    qos: number;
    /**
     * The publisher's clientid.
     *
     * @generated from field: string from = 4;
     */
    from: string;
    /**
     * @generated from field: string topic = 5;
     */
    topic: string;
    /**
     * @generated from field: bytes payload = 6;
     */
    payload: Uint8Array;
    /**
     * Milliseconds since the epoch.
     *
     * @generated from field: uint64 timestamp = 7;
     */
    timestamp: bigint;
    /**
     * username, protocol, peerhost, allow_publish; only allow_publish is writable.
     *
     * @generated from field: map<string, string> headers = 8;
     */
    headers: {
        [key: string]: string;
    };
};
/**
 * Describes the message emqx.exhook.v3.Message.
 * Use `create(MessageSchema)` to create a new message.
 */
export declare const MessageSchema: GenMessage<Message>;
/**
 * @generated from message emqx.exhook.v3.Property
 */
export type Property = Message$1<"emqx.exhook.v3.Property"> & {
    /**
     * @generated from field: string name = 1;
     */
    name: string;
    /**
     * @generated from field: string value = 2;
     */
    value: string;
};
/**
 * Describes the message emqx.exhook.v3.Property.
 * Use `create(PropertySchema)` to create a new message.
 */
export declare const PropertySchema: GenMessage<Property>;
/**
 * @generated from message emqx.exhook.v3.TopicFilter
 */
export type TopicFilter = Message$1<"emqx.exhook.v3.TopicFilter"> & {
    /**
     * @generated from field: string name = 1;
     */
    name: string;
    /**
     * @generated from field: emqx.exhook.v3.SubOpts subopts = 3;
     */
    subopts?: SubOpts | undefined;
};
/**
 * Describes the message emqx.exhook.v3.TopicFilter.
 * Use `create(TopicFilterSchema)` to create a new message.
 */
export declare const TopicFilterSchema: GenMessage<TopicFilter>;
/**
 * @generated from message emqx.exhook.v3.SubOpts
 */
export type SubOpts = Message$1<"emqx.exhook.v3.SubOpts"> & {
    /**
     * @generated from field: uint32 qos = 1;
     */
    qos: number;
    /**
     * @generated from field: uint32 rh = 3;
     */
    rh: number;
    /**
     * @generated from field: uint32 rap = 4;
     */
    rap: number;
    /**
     * @generated from field: uint32 nl = 5;
     */
    nl: number;
};
/**
 * Describes the message emqx.exhook.v3.SubOpts.
 * Use `create(SubOptsSchema)` to create a new message.
 */
export declare const SubOptsSchema: GenMessage<SubOpts>;
/**
 * @generated from message emqx.exhook.v3.RequestMeta
 */
export type RequestMeta = Message$1<"emqx.exhook.v3.RequestMeta"> & {
    /**
     * @generated from field: string node = 1;
     */
    node: string;
    /**
     * @generated from field: string version = 2;
     */
    version: string;
    /**
     * @generated from field: string sysdescr = 3;
     */
    sysdescr: string;
    /**
     * @generated from field: string cluster_name = 4;
     */
    clusterName: string;
};
/**
 * Describes the message emqx.exhook.v3.RequestMeta.
 * Use `create(RequestMetaSchema)` to create a new message.
 */
export declare const RequestMetaSchema: GenMessage<RequestMeta>;
/**
 * @generated from service emqx.exhook.v3.HookProvider
 */
export declare const HookProvider: GenService<{
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnProviderLoaded
     */
    onProviderLoaded: {
        methodKind: "unary";
        input: typeof ProviderLoadedRequestSchema;
        output: typeof LoadedResponseSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnProviderUnloaded
     */
    onProviderUnloaded: {
        methodKind: "unary";
        input: typeof ProviderUnloadedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnClientConnect
     */
    onClientConnect: {
        methodKind: "unary";
        input: typeof ClientConnectRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnClientConnack
     */
    onClientConnack: {
        methodKind: "unary";
        input: typeof ClientConnackRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnClientConnected
     */
    onClientConnected: {
        methodKind: "unary";
        input: typeof ClientConnectedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnClientDisconnected
     */
    onClientDisconnected: {
        methodKind: "unary";
        input: typeof ClientDisconnectedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnClientAuthenticate
     */
    onClientAuthenticate: {
        methodKind: "unary";
        input: typeof ClientAuthenticateRequestSchema;
        output: typeof ValuedResponseSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnClientAuthorize
     */
    onClientAuthorize: {
        methodKind: "unary";
        input: typeof ClientAuthorizeRequestSchema;
        output: typeof ValuedResponseSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnClientSubscribe
     */
    onClientSubscribe: {
        methodKind: "unary";
        input: typeof ClientSubscribeRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnClientUnsubscribe
     */
    onClientUnsubscribe: {
        methodKind: "unary";
        input: typeof ClientUnsubscribeRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnSessionCreated
     */
    onSessionCreated: {
        methodKind: "unary";
        input: typeof SessionCreatedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnSessionSubscribed
     */
    onSessionSubscribed: {
        methodKind: "unary";
        input: typeof SessionSubscribedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnSessionUnsubscribed
     */
    onSessionUnsubscribed: {
        methodKind: "unary";
        input: typeof SessionUnsubscribedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnSessionResumed
     */
    onSessionResumed: {
        methodKind: "unary";
        input: typeof SessionResumedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnSessionDiscarded
     */
    onSessionDiscarded: {
        methodKind: "unary";
        input: typeof SessionDiscardedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnSessionTakenover
     */
    onSessionTakenover: {
        methodKind: "unary";
        input: typeof SessionTakenoverRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnSessionTerminated
     */
    onSessionTerminated: {
        methodKind: "unary";
        input: typeof SessionTerminatedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnMessagePublish
     */
    onMessagePublish: {
        methodKind: "unary";
        input: typeof MessagePublishRequestSchema;
        output: typeof ValuedResponseSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnMessageDelivered
     */
    onMessageDelivered: {
        methodKind: "unary";
        input: typeof MessageDeliveredRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnMessageDropped
     */
    onMessageDropped: {
        methodKind: "unary";
        input: typeof MessageDroppedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
    /**
     * @generated from rpc emqx.exhook.v3.HookProvider.OnMessageAcked
     */
    onMessageAcked: {
        methodKind: "unary";
        input: typeof MessageAckedRequestSchema;
        output: typeof EmptySuccessSchema;
    };
}>;
//# sourceMappingURL=exhook_pb.d.ts.map