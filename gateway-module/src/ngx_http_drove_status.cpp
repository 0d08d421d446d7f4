/*
 * `drove_status` (JSON) and `drove_metrics` (Prometheus text) location handlers. Shapes:
 * gateway-module/README.md.
 */

#include "gateway-module/src/ngx_http_drove_module.h"


static ngx_int_t
ngx_http_drove_send_text(ngx_http_request_t *r, const std::string &body, const char *type)
{
    ngx_int_t     rc;
    ngx_buf_t    *b;

    if (!(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))) {
        return NGX_HTTP_NOT_ALLOWED;
    }

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    b = ngx_create_temp_buf(r->pool, ngx_max(body.size(), 1));
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    b->last = ngx_cpymem(b->last, body.data(), body.size());

    return ngx_http_drove_send(r, NGX_HTTP_OK, type, b);
}


/* Every cluster's sync facts, in configuration order. */
static std::vector<drove::gateway::ClusterStatus>
ngx_http_drove_cluster_status(ngx_http_drove_main_conf_t *mcf)
{
    ngx_uint_t                                   i;
    ngx_http_drove_cluster_t                   **clusters;
    std::vector<drove::gateway::ClusterStatus>   out;

    clusters = (ngx_http_drove_cluster_t **) mcf->clusters.elts;

    for (const drove::gateway::ClusterSpec &spec : ngx_http_drove_cluster_specs(mcf)) {
        out.push_back({spec, {}});
    }

    for (i = 0; i < mcf->clusters.nelts; i++) {
        ngx_http_drove_zone_info(mcf->shm_zone, clusters[i], &out[i].sync);
    }

    return out;
}


static ngx_int_t
ngx_http_drove_status_handler(ngx_http_request_t *r)
{
    ngx_http_drove_main_conf_t  *mcf;
    drove::gateway::RoutingInfo  routing;
    drove::gateway::View        *view;

    mcf = (ngx_http_drove_main_conf_t *)
        ngx_http_get_module_main_conf(r, ngx_http_drove_module);

    try {
        view = ngx_http_drove_current_view(mcf, r->connection->log);
        ngx_http_drove_zone_routing(mcf->shm_zone, &routing, NULL);
        return ngx_http_drove_send_text(r,
            drove::gateway::StatusJson(ngx_http_drove_cluster_status(mcf), routing, view, ngx_pid,
                ngx_time(),
                ngx_http_drove_policy((ngx_http_drove_srv_conf_t *) mcf->status_policy)),
            "application/json");

    } catch (const std::exception &e) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "drove_status: %s", e.what());
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
}


static ngx_int_t
ngx_http_drove_metrics_handler(ngx_http_request_t *r)
{
    ngx_http_drove_main_conf_t                  *mcf;
    drove::gateway::RoutingInfo                  routing;
    drove::gateway::View                        *view;
    std::vector<drove::gateway::VhostCounters>   counters;

    mcf = (ngx_http_drove_main_conf_t *)
        ngx_http_get_module_main_conf(r, ngx_http_drove_module);

    try {
        view = ngx_http_drove_current_view(mcf, r->connection->log);
        ngx_http_drove_zone_routing(mcf->shm_zone, &routing, &counters);
        return ngx_http_drove_send_text(r,
            drove::gateway::MetricsText(ngx_http_drove_cluster_status(mcf), routing, counters,
                                        view),
            "text/plain; version=0.0.4");

    } catch (const std::exception &e) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "drove_metrics: %s", e.what());
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
}


static char *
ngx_http_drove_set_handler(ngx_conf_t *cf, ngx_http_handler_pt handler)
{
    ngx_http_core_loc_conf_t  *clcf;

    clcf = (ngx_http_core_loc_conf_t *) ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);
    clcf->handler = handler;

    return NGX_CONF_OK;
}


char *
ngx_http_drove_status(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    return ngx_http_drove_set_handler(cf, ngx_http_drove_status_handler);
}


char *
ngx_http_drove_metrics(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    return ngx_http_drove_set_handler(cf, ngx_http_drove_metrics_handler);
}
