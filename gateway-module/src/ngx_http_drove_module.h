/*
 * ngx_http_drove_module: declarations shared by the module's files (configuration, shared zone,
 * worker views, balancer, 503 gate, fetcher thread, status and metrics).
 * C++ compiled by nginx's build; nginx headers inside extern "C".
 */

#ifndef _NGX_HTTP_DROVE_MODULE_H_INCLUDED_
#define _NGX_HTTP_DROVE_MODULE_H_INCLUDED_

#include <string>
#include <vector>

#include "gateway-module/lib/balancer_core.h"
#include "gateway-module/lib/fetcher.h"
#include "gateway-module/lib/status_text.h"
#include "gateway-module/lib/worker_view.h"

extern "C" {
#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

extern ngx_module_t  ngx_http_drove_module;
}


#define NGX_HTTP_DROVE_NAME_LEN  104

/* Per-vhost counters in the zone; `hash` is written last, so a reader seeing it sees the name. */
typedef struct {
    ngx_atomic_t                 hash;
    ngx_atomic_t                 requests;
    ngx_atomic_t                 failures;
    u_char                       name[NGX_HTTP_DROVE_NAME_LEN];
} ngx_http_drove_counter_t;

/* The zone's header. `version` is read without the lock (one atomic load per request); everything
 * else is read and written under the slab pool's mutex. */
typedef struct {
    ngx_atomic_t                 version;
    u_char                      *table;
    size_t                       table_len;
    size_t                       table_size;       /* of the block table points to */
    int64_t                      generation;
    ngx_uint_t                   source;
    int64_t                      last_sync_ms;
    int64_t                      last_error_ms;
    ngx_atomic_t                 sync_count;
    ngx_atomic_t                 sync_errors;
    ngx_atomic_t                 unrouted;
    u_char                       leader[256];
    u_char                       last_error[512];
    ngx_uint_t                   ncounters;
    ngx_http_drove_counter_t    *counters;
} ngx_http_drove_shctx_t;

typedef struct {
    ngx_array_t                 *controllers;     /* of ngx_str_t */
    ngx_str_t                    authorization;
    ngx_flag_t                   tls_verify;
    ngx_str_t                    tls_trusted_certificate;
    ngx_str_t                    tls_certificate;
    ngx_str_t                    tls_certificate_key;
    ngx_uint_t                   sync_mode;
    ngx_msec_t                   poll_interval;
    ngx_shm_zone_t              *shm_zone;
    ngx_str_t                    dump_file;
    ngx_array_t                 *realms;          /* of ngx_str_t, lower-cased */
    ngx_str_t                    realm_suffix;
    ngx_str_t                    routing_tag;
    ngx_str_t                    routing_header;
    void                        *status_policy;   /* first drove upstream's srv conf */
} ngx_http_drove_main_conf_t;

/* Upstream blocks: the balancer's policy. */
typedef struct {
    ngx_uint_t                   method;
    ngx_uint_t                   max_fails;
    time_t                       fail_timeout;
} ngx_http_drove_srv_conf_t;

typedef struct {
    ngx_flag_t                   route;
} ngx_http_drove_loc_conf_t;

/* What one request routes with, pinned for all its tries. */
typedef struct {
    drove::gateway::View               *view;
    const drove::gateway::VhostRoute   *route;
    const drove::gateway::Group        *group;
    ngx_http_drove_counter_t           *counter;
} ngx_http_drove_ctx_t;


/* zone */
char *ngx_http_drove_zone(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
ngx_int_t ngx_http_drove_zone_default(ngx_conf_t *cf, ngx_http_drove_main_conf_t *mcf);
bool ngx_http_drove_zone_publish(ngx_shm_zone_t *zone, const std::string &bytes,
    const drove::gateway::RoutingTable &table, drove::gateway::Source source,
    std::string *error);
void ngx_http_drove_zone_error(ngx_shm_zone_t *zone, const std::string &error);
bool ngx_http_drove_zone_copy(ngx_shm_zone_t *zone, std::string *bytes, uint64_t *version);
void ngx_http_drove_zone_info(ngx_shm_zone_t *zone, drove::gateway::SyncInfo *info,
    std::vector<drove::gateway::VhostCounters> *counters);
ngx_http_drove_counter_t *ngx_http_drove_counter(ngx_shm_zone_t *zone, ngx_str_t *vhost);

/* worker views */
drove::gateway::View *ngx_http_drove_current_view(ngx_http_drove_main_conf_t *mcf,
    ngx_log_t *log);
ngx_http_drove_ctx_t *ngx_http_drove_request_ctx(ngx_http_request_t *r);
void ngx_http_drove_views_release(void);

/* balancer, gate, fetcher, status */
char *ngx_http_drove_balancer(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
ngx_int_t ngx_http_drove_route_init(ngx_conf_t *cf);
/* Sends `b` (already filled) as the whole response with `status` and `type`. */
ngx_int_t ngx_http_drove_send(ngx_http_request_t *r, ngx_uint_t status, const char *type,
    ngx_buf_t *b);
ngx_int_t ngx_http_drove_fetcher_start(ngx_cycle_t *cycle);
void ngx_http_drove_fetcher_stop(void);
char *ngx_http_drove_status(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ngx_http_drove_metrics(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
drove::gateway::PickPolicy ngx_http_drove_policy(ngx_http_drove_srv_conf_t *conf);

#endif /* _NGX_HTTP_DROVE_MODULE_H_INCLUDED_ */
