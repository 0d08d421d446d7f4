/*
 * ngx_http_drove_module: declarations shared by the module's files (configuration, shared zone,
 * worker views, balancer, 503 gate, fetcher thread, status and metrics).
 * C++ compiled by nginx's build; nginx headers inside extern "C".
 */

#ifndef _NGX_HTTP_DROVE_MODULE_H_INCLUDED_
#define _NGX_HTTP_DROVE_MODULE_H_INCLUDED_

#include <memory>
#include <string>
#include <vector>

#include "gateway-module/lib/balancer_core.h"
#include "gateway-module/lib/cluster_merge.h"
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

#define NGX_HTTP_DROVE_MAX_CLUSTERS    32
#define NGX_HTTP_DROVE_CLUSTER_NAME    64

/* A serialized routing table in the zone: a slab block and how much of it is used. */
typedef struct {
    u_char                      *data;
    size_t                       len;
    size_t                       size;
} ngx_http_drove_block_t;

/* One cluster's follower in the zone, found by name so that it survives reloads. */
typedef struct {
    u_char                       name[NGX_HTTP_DROVE_CLUSTER_NAME];  /* "" = free */
    ngx_http_drove_block_t       table;       /* its own table, kept only when merging */
    int64_t                      generation;
    ngx_uint_t                   source;
    int64_t                      last_sync_ms;
    int64_t                      last_error_ms;
    ngx_atomic_t                 sync_count;
    ngx_atomic_t                 sync_errors;
    u_char                       leader[256];
    u_char                       last_error[512];
} ngx_http_drove_slot_t;

/* The zone's header. `version` is read without the lock (one atomic load per request); everything
 * else is read and written under the slab pool's mutex. `table` is what the workers route with:
 * the only cluster's table, or the merge of all of them. */
typedef struct {
    ngx_atomic_t                 version;
    ngx_http_drove_block_t       table;
    ngx_atomic_t                 unrouted;
    ngx_uint_t                   ncounters;
    ngx_http_drove_counter_t    *counters;
    ngx_http_drove_slot_t        slots[NGX_HTTP_DROVE_MAX_CLUSTERS];
} ngx_http_drove_shctx_t;

/* One Drove cluster the gateway follows: a drove_cluster block, or the top-level directives. */
typedef struct {
    ngx_str_t                    name;
    ngx_array_t                 *controllers;     /* of ngx_str_t */
    ngx_str_t                    authorization;
    ngx_flag_t                   tls_verify;
    ngx_str_t                    tls_trusted_certificate;
    ngx_str_t                    tls_certificate;
    ngx_str_t                    tls_certificate_key;
    ngx_uint_t                   sync_mode;
    ngx_msec_t                   poll_interval;
    ngx_str_t                    dump_file;
    ngx_array_t                 *realms;          /* of ngx_str_t, lower-cased */
    ngx_str_t                    realm_suffix;
    ngx_uint_t                   priority;        /* drove::gateway::Priority */
    ngx_array_t                 *leader_vhosts;   /* of ngx_str_t, lower-cased */
    ngx_uint_t                   index;           /* in the main conf's clusters */
    ngx_uint_t                   slot;            /* in the zone, set by the zone's init */
    ngx_flag_t                   merged;          /* its table is one of several merged */
} ngx_http_drove_cluster_t;

typedef struct {
    ngx_http_drove_cluster_t     implicit;        /* the top-level directives */
    ngx_array_t                  clusters;        /* of ngx_http_drove_cluster_t *, in order */
    ngx_shm_zone_t              *shm_zone;
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


/* nginx strings for the C++ side: one, and an array of them (NULL: none) */
inline std::string
ngx_http_drove_string(const ngx_str_t *s)
{
    return std::string((const char *) s->data, s->len);
}

inline std::vector<std::string>
ngx_http_drove_strings(const ngx_array_t *a)
{
    std::vector<std::string>  out;

    for (ngx_uint_t i = 0; a != NULL && i < a->nelts; i++) {
        out.push_back(ngx_http_drove_string(&((const ngx_str_t *) a->elts)[i]));
    }

    return out;
}

/* clusters (drove_cluster blocks and the cluster directives) */
char *ngx_http_drove_cluster_block(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ngx_http_drove_credentials(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ngx_http_drove_str_list(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
void ngx_http_drove_cluster_create(ngx_http_drove_cluster_t *cluster);
ngx_int_t ngx_http_drove_clusters_init(ngx_conf_t *cf, ngx_http_drove_main_conf_t *mcf);
std::vector<drove::gateway::ClusterSpec> ngx_http_drove_cluster_specs(
    ngx_http_drove_main_conf_t *mcf);
extern ngx_conf_enum_t  ngx_http_drove_sync_modes[];

/* zone */
char *ngx_http_drove_zone(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
ngx_int_t ngx_http_drove_zone_default(ngx_conf_t *cf, ngx_http_drove_main_conf_t *mcf);
/* The cluster's new table: kept in its slot when merging, else routed with at once. */
bool ngx_http_drove_zone_publish(ngx_shm_zone_t *zone, ngx_http_drove_cluster_t *cluster,
    const std::string &bytes, const drove::gateway::RoutingTable &table,
    drove::gateway::Source source, std::string *error);
/* The merge of the clusters' tables, routed with from the next request on. */
bool ngx_http_drove_zone_route(ngx_shm_zone_t *zone, const std::string &bytes,
    std::string *error);
void ngx_http_drove_zone_error(ngx_shm_zone_t *zone, ngx_http_drove_cluster_t *cluster,
    const std::string &error);
/* The cluster's own table (cluster NULL: the one routed with). */
bool ngx_http_drove_zone_copy(ngx_shm_zone_t *zone, ngx_http_drove_cluster_t *cluster,
    std::string *bytes, uint64_t *version);
void ngx_http_drove_zone_info(ngx_shm_zone_t *zone, ngx_http_drove_cluster_t *cluster,
    drove::gateway::SyncInfo *info);
void ngx_http_drove_zone_routing(ngx_shm_zone_t *zone, drove::gateway::RoutingInfo *info,
    std::vector<drove::gateway::VhostCounters> *counters);
ngx_http_drove_counter_t *ngx_http_drove_counter(ngx_shm_zone_t *zone, ngx_str_t *vhost);
/* merge: the clusters' merge, started from their tables in the zone and published at once */
std::unique_ptr<drove::gateway::RoutingMerger> ngx_http_drove_merge_start(
    ngx_http_drove_main_conf_t *mcf, ngx_log_t *log);

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
