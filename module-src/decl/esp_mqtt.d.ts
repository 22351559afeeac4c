/**
 * @header "mqtt_client.h"
 *
 * The part of esp-mqtt's API (ESP-IDF v5.1.3) the mqtt module calls. Field
 * and enum names are esp-mqtt's; every field of the config is optional
 * because zero means "default" there.
 */

export type esp_err_t = int;
export type esp_event_base_t = cstring;
export type esp_mqtt_client_handle_t = Ptr<{ readonly __esp_mqtt_client: never }>;
export type esp_event_handler_t = (arg: Ptr<void> | null, base: esp_event_base_t, id: int32, data: Ptr<void> | null) => void;

export declare const enum esp_mqtt_event_id_t {
  MQTT_EVENT_ANY = -1,
  MQTT_EVENT_ERROR = 0,
  MQTT_EVENT_CONNECTED = 1,
  MQTT_EVENT_DISCONNECTED = 2,
  MQTT_EVENT_SUBSCRIBED = 3,
  MQTT_EVENT_UNSUBSCRIBED = 4,
  MQTT_EVENT_PUBLISHED = 5,
  MQTT_EVENT_DATA = 6,
  MQTT_EVENT_BEFORE_CONNECT = 7,
  MQTT_EVENT_DELETED = 8,
}

export declare const enum esp_mqtt_error_type_t {
  MQTT_ERROR_TYPE_NONE = 0,
  MQTT_ERROR_TYPE_TCP_TRANSPORT = 1,
  MQTT_ERROR_TYPE_CONNECTION_REFUSED = 2,
  MQTT_ERROR_TYPE_SUBSCRIBE_FAILED = 3,
}

export declare const enum esp_mqtt_transport_t {
  MQTT_TRANSPORT_UNKNOWN = 0,
  MQTT_TRANSPORT_OVER_TCP = 1,
  MQTT_TRANSPORT_OVER_SSL = 2,
}

export declare interface esp_mqtt_error_codes_t {
  esp_tls_last_esp_err: esp_err_t;
  error_type: esp_mqtt_error_type_t;
  connect_return_code: int;
  esp_transport_sock_errno: int;
}

export declare interface esp_mqtt_event_t {
  event_id: esp_mqtt_event_id_t;
  data: Ptr<char>;
  data_len: int;
  total_data_len: int;
  current_data_offset: int;
  topic: Ptr<char>;
  topic_len: int;
  msg_id: int;
  session_present: int;
  error_handle: Ptr<esp_mqtt_error_codes_t> | null;
}

export declare interface esp_mqtt_client_config_t {
  broker?: {
    address?: { uri?: cstring | null; hostname?: cstring | null; transport?: esp_mqtt_transport_t; port?: uint32 };
    verification?: { certificate?: cstring | null; skip_cert_common_name_check?: bool };
  };
  credentials?: {
    username?: cstring | null;
    client_id?: cstring | null;
    authentication?: { password?: cstring | null; certificate?: cstring | null; key?: cstring | null };
  };
  session?: {
    last_will?: { topic?: cstring | null; msg?: cstring | null; msg_len?: int; qos?: int; retain?: int };
    disable_clean_session?: bool;
    keepalive?: int;
  };
  network?: { disable_auto_reconnect?: bool };
}

export declare interface esp_mqtt_topic_t {
  filter: cstring | null;
  qos: int;
}

export declare function esp_mqtt_client_init(config: Ptr<esp_mqtt_client_config_t>): esp_mqtt_client_handle_t | null;
export declare function esp_mqtt_client_register_event(client: esp_mqtt_client_handle_t, event: esp_mqtt_event_id_t, handler: esp_event_handler_t, arg: Ptr<void> | null): esp_err_t;
export declare function esp_mqtt_client_start(client: esp_mqtt_client_handle_t): esp_err_t;
export declare function esp_mqtt_client_destroy(client: esp_mqtt_client_handle_t): esp_err_t;
export declare function esp_mqtt_client_publish(client: esp_mqtt_client_handle_t, topic: cstring | null, data: cstring | null, len: int, qos: int, retain: int): int;
export declare function esp_mqtt_client_subscribe_single(client: esp_mqtt_client_handle_t, topic: cstring | null, qos: int): int;
export declare function esp_mqtt_client_subscribe_multiple(client: esp_mqtt_client_handle_t, topics: Ptr<esp_mqtt_topic_t>, size: int): int;
export declare function esp_mqtt_client_unsubscribe(client: esp_mqtt_client_handle_t, topic: cstring | null): int;
