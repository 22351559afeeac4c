/*
 * Ethernet for NodeMCU under QEMU (profile "qemu" only).
 *
 * QEMU's ESP32 machine emulates an OpenCores Ethernet MAC (`-nic user,model=open_eth`)
 * and nothing in NodeMCU drives it, so without this file the firmware has no
 * network in QEMU. It brings the interface up with DHCP from QEMU's user-mode
 * network (guest 10.0.2.15, host 10.0.2.2).
 *
 * How it starts: NodeMCU's app_main runs the Lua task and never returns, so there
 * is no place to add a call. Instead this is an "external module" (see
 * components/modules/project_include.cmake): NodeMCU calls each linked-in module's
 * init function when Lua starts, in the Lua task, after app_main has created the
 * default event loop and called esp_netif_init(). The init function only starts
 * the driver and returns; link-up and DHCP then run in the Ethernet and lwIP
 * tasks. Nothing here waits for an address: waiting in the Lua task would stall
 * NodeMCU's event relay, which blocks the event loop until the Lua task has
 * handled each event.
 *
 * Lua side, for scripts and the QEMU test harness:
 *   openeth.ip()  -> "10.0.2.15" once DHCP has given an address, else nil
 *
 * Compiled to nothing unless CONFIG_ETH_USE_OPENETH (set by
 * firmware-config/profile-qemu.defaults).
 */
#include "sdkconfig.h"

#if CONFIG_ETH_USE_OPENETH

#include <stdbool.h>
#include <stdint.h>

#include "esp_err.h"
#include "esp_eth.h"
#include "esp_log.h"
#include "esp_netif.h"

#include "lauxlib.h"
#include "module.h"

static const char *TAG = "qemu_eth";

/* QEMU's PHY model reports the link at once; ESP-IDF's default autonegotiation
 * timeout (4 s) would only slow every boot down. */
#define QEMU_ETH_AUTONEG_TIMEOUT_MS 100

/* The emulated MAC has no factory address of its own: use a locally
 * administered one (bit 1 of the first octet set). */
static uint8_t qemu_eth_mac_addr[6] = { 0x02, 0x00, 0x00, 0x4e, 0x4d, 0x51 };

/* The interface openeth.ip() reads: set once the first start has created it. */
static esp_netif_t *eth_netif;

/* Lua can start more than once per boot: after an LFS reload NodeMCU's
 * start_lua() runs lua_main() again, whose luaL_openlibs calls every module's
 * init again. The driver and netif of the first start live on (nothing stops
 * them), so only the first init starts anything; a second start would make a
 * new netif, overwrite eth_netif and then fail to install the driver again,
 * leaving openeth.ip() reading an interface that never gets an address. */
static bool eth_start_tried;
static esp_err_t eth_start_result;

/* Create MAC + PHY, install the driver, attach it to a DHCP-client netif and
 * start it. Returns at once; the address arrives later (IP_EVENT_ETH_GOT_IP). */
static esp_err_t qemu_eth_start(void)
{
  esp_netif_config_t netif_cfg = ESP_NETIF_DEFAULT_ETH();
  eth_netif = esp_netif_new(&netif_cfg);
  if (eth_netif == NULL)
    return ESP_ERR_NO_MEM;

  eth_mac_config_t mac_cfg = ETH_MAC_DEFAULT_CONFIG();
  eth_phy_config_t phy_cfg = ETH_PHY_DEFAULT_CONFIG();
  phy_cfg.autonego_timeout_ms = QEMU_ETH_AUTONEG_TIMEOUT_MS;
  phy_cfg.reset_gpio_num = -1; /* no PHY reset line in the emulated board */

  esp_eth_mac_t *mac = esp_eth_mac_new_openeth(&mac_cfg);
  esp_eth_phy_t *phy = esp_eth_phy_new_dp83848(&phy_cfg);
  if (mac == NULL || phy == NULL)
    return ESP_ERR_NO_MEM;

  esp_eth_config_t eth_cfg = ETH_DEFAULT_CONFIG(mac, phy);
  esp_eth_handle_t eth = NULL;
  esp_err_t err = esp_eth_driver_install(&eth_cfg, &eth);
  if (err != ESP_OK)
    return err;

  err = esp_eth_ioctl(eth, ETH_CMD_S_MAC_ADDR, qemu_eth_mac_addr);
  if (err != ESP_OK)
    return err;

  /* The glue registers its own handlers for the Ethernet events, which start
   * the DHCP client once the link is up. */
  esp_eth_netif_glue_handle_t glue = esp_eth_new_netif_glue(eth);
  if (glue == NULL)
    return ESP_ERR_NO_MEM;
  err = esp_netif_attach(eth_netif, glue);
  if (err != ESP_OK)
    return err;

  return esp_eth_start(eth);
}

/* Lua: openeth.ip() -> dotted IPv4 address string, or nil before DHCP is done. */
static int openeth_ip(lua_State *L)
{
  esp_netif_ip_info_t info;
  if (eth_netif == NULL || esp_netif_get_ip_info(eth_netif, &info) != ESP_OK ||
      info.ip.addr == 0) {
    lua_pushnil(L);
    return 1;
  }
  char text[16]; /* "255.255.255.255" + NUL */
  esp_ip4addr_ntoa(&info.ip, text, (int)sizeof(text));
  lua_pushstring(L, text);
  return 1;
}

/* Module init, called by NodeMCU each time Lua starts (see the header comment
 * and eth_start_tried). A failure is logged, never raised: a Lua error here
 * would stop Lua starting. */
static int openeth_init(lua_State *L)
{
  (void)L;
  if (eth_start_tried) {
    ESP_LOGI(TAG, "Lua restarted: OpenCores Ethernet kept as started at boot (%s)",
             esp_err_to_name(eth_start_result));
    return 0;
  }
  eth_start_tried = true;
  eth_start_result = qemu_eth_start();
  if (eth_start_result == ESP_OK)
    ESP_LOGI(TAG, "OpenCores Ethernet started, waiting for DHCP");
  else
    ESP_LOGE(TAG, "OpenCores Ethernet not started: %s", esp_err_to_name(eth_start_result));
  return 0;
}

LROT_BEGIN(openeth, NULL, 0)
  LROT_FUNCENTRY(ip, openeth_ip)
LROT_END(openeth, NULL, 0)

NODEMCU_MODULE(OPENETH, "openeth", openeth, openeth_init);

#endif /* CONFIG_ETH_USE_OPENETH */
