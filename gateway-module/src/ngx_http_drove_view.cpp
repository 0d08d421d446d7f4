/*
 * The worker's current routing view and the per-request pin. One atomic load per request tells
 * whether the zone holds a newer table; only then is it copied out (under the zone's mutex) and
 * parsed (outside it). A request keeps the view it pinned for all its tries; a view is freed when
 * the last request holding it ends.
 */

#include "gateway-module/src/ngx_http_drove_module.h"

#include <malloc.h>


static drove::gateway::View          *ngx_http_drove_view;
static uint64_t                        ngx_http_drove_refused_version;


static void ngx_http_drove_install_view(std::string &bytes, uint64_t version,
    ngx_log_t *log);
static void ngx_http_drove_unpin(void *data);
static void ngx_http_drove_route_request(ngx_http_request_t *r, ngx_http_drove_ctx_t *ctx,
    ngx_http_drove_main_conf_t *mcf);


drove::gateway::View *
ngx_http_drove_current_view(ngx_http_drove_main_conf_t *mcf, ngx_log_t *log)
{
    uint64_t                 version;
    std::string              bytes;
    ngx_http_drove_shctx_t  *sh;

    sh = (ngx_http_drove_shctx_t *) mcf->shm_zone->data;
    version = sh->version;

    if (version == 0
        || (ngx_http_drove_view && ngx_http_drove_view->version() == version)
        || version == ngx_http_drove_refused_version)
    {
        return ngx_http_drove_view;
    }

    try {
        if (ngx_http_drove_zone_copy(mcf->shm_zone, NULL, &bytes, &version)) {
            ngx_http_drove_install_view(bytes, version, log);
        }

    } catch (const std::exception &e) {
        /* out of memory: keep routing with the view we have, retry at the next request */
        ngx_log_error(NGX_LOG_ALERT, log, 0, "drove: view version %uL not built: %s", version,
                      e.what());
    }

    return ngx_http_drove_view;
}


static void
ngx_http_drove_install_view(std::string &bytes, uint64_t version, ngx_log_t *log)
{
    /* the routes of unchanged vhosts are shared with the view in force, not rebuilt */
    auto view = drove::gateway::View::Create(std::move(bytes), version, ngx_http_drove_view);
    if (!view.ok()) {
        /* the fetcher only publishes what it serialized itself: this is memory corruption */
        ngx_log_error(NGX_LOG_ALERT, log, 0, "drove: routing table version %uL refused: %s",
                      version, view.error().c_str());
        ngx_http_drove_refused_version = version;
        return;
    }

    if (ngx_http_drove_view) {
        drove::gateway::View::Unref(ngx_http_drove_view);
    }

    ngx_http_drove_view = *view;

    /* what a large table's rebuild freed goes back to the system instead of staying resident */
    malloc_trim(0);

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, log, 0, "drove: view version %uL, %uz vhosts",
                   version, ngx_http_drove_view->routes().size());
}


void
ngx_http_drove_views_release(void)
{
    if (ngx_http_drove_view) {
        drove::gateway::View::Unref(ngx_http_drove_view);
        ngx_http_drove_view = NULL;
    }
}


/* The request's routing header value (drove_routing_tag), or an empty string. */
static std::string_view
ngx_http_drove_tag_value(ngx_http_request_t *r, ngx_str_t *name)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    if (name->len == 0) {
        return std::string_view();
    }

    part = &r->headers_in.headers.part;
    h = (ngx_table_elt_t *) part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }
            part = part->next;
            h = (ngx_table_elt_t *) part->elts;
            i = 0;
        }

        if (h[i].key.len == name->len
            && ngx_strncasecmp(h[i].key.data, name->data, name->len) == 0)
        {
            return std::string_view((char *) h[i].value.data, h[i].value.len);
        }
    }

    return std::string_view();
}


/* Pins the current view for this request (once) and finds its vhost and group. NULL only when out
 * of memory. */
ngx_http_drove_ctx_t *
ngx_http_drove_request_ctx(ngx_http_request_t *r)
{
    ngx_pool_cleanup_t          *cln;
    ngx_http_drove_ctx_t        *ctx;
    ngx_http_drove_main_conf_t  *mcf;

    ctx = (ngx_http_drove_ctx_t *) ngx_http_get_module_ctx(r, ngx_http_drove_module);
    if (ctx) {
        return ctx;
    }

    ctx = (ngx_http_drove_ctx_t *) ngx_pcalloc(r->pool, sizeof(ngx_http_drove_ctx_t));
    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (ctx == NULL || cln == NULL) {
        return NULL;
    }

    mcf = (ngx_http_drove_main_conf_t *)
        ngx_http_get_module_main_conf(r, ngx_http_drove_module);

    ctx->view = ngx_http_drove_current_view(mcf, r->connection->log);
    ngx_http_set_ctx(r, ctx, ngx_http_drove_module);

    if (ctx->view == NULL) {
        return ctx;
    }

    ctx->view->Ref();
    cln->handler = ngx_http_drove_unpin;
    cln->data = ctx->view;

    try {
        ngx_http_drove_route_request(r, ctx, mcf);

    } catch (const std::exception &e) {
        ngx_log_error(NGX_LOG_ALERT, r->connection->log, 0, "drove: %s", e.what());
        return NULL;
    }

    return ctx;
}


/* The request's vhost and group in its pinned view; counts the request against a known vhost. */
static void
ngx_http_drove_route_request(ngx_http_request_t *r, ngx_http_drove_ctx_t *ctx,
    ngx_http_drove_main_conf_t *mcf)
{
    ngx_str_t  *host;

    host = &r->headers_in.server;
    ctx->route = ctx->view->Find(std::string_view((char *) host->data, host->len));
    if (ctx->route == NULL) {
        return;
    }

    ctx->group = ctx->view->SelectGroup(*ctx->route,
                                        ngx_http_drove_tag_value(r, &mcf->routing_header));
    ctx->counter = ngx_http_drove_counter(mcf->shm_zone, host);
    if (ctx->counter) {
        (void) ngx_atomic_fetch_add(&ctx->counter->requests, 1);
    }
}


static void
ngx_http_drove_unpin(void *data)
{
    drove::gateway::View::Unref((drove::gateway::View *) data);
}
