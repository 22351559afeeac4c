/** @header "esp_log.h" */

/** ESP-IDF's logging macros: a tag, then a printf-style format. */
export declare function ESP_LOGE(tag: cstring, format: cstring, ...args: (number | cstring)[]): void;
export declare function ESP_LOGW(tag: cstring, format: cstring, ...args: (number | cstring)[]): void;
export declare function ESP_LOGD(tag: cstring, format: cstring, ...args: (number | cstring)[]): void;
