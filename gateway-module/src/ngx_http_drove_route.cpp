/*
 * `drove_route on`: before the request is proxied, a Host that is no known vhost, or a vhost (group)
 * without a member, gets 503 and a one-line body instead of the balancer's 502. It also pins the
 * request's view, so the balancer routes with the same snapshot the check saw.
 */

#include "gateway-module/src/ngx_http_drove_module.h"


static ngx_int_t
ngx_http_drove_send_503(ngx_http_request_t *r, const char *why)
{
    ngx_buf_t    *b;
    size_t        len;

    len = ngx_strlen(why) + r->headers_in.server.len + sizeof(": \n") - 1;

    b = ngx_create_temp_buf(r->pool, len);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    b->last = ngx_sprintf(b->last, "%s: %V\n", why, &r->headers_in.server);

    return ngx_http_drove_send(r, NGX_HTTP_SERVICE_UNAVAILABLE, "text/plain", b);
}


static ngx_int_t
ngx_http_drove_route_handler(ngx_http_request_t *r)
{
    const char                  *why;
    ngx_int_t                    rc;
    ngx_http_drove_ctx_t        *ctx;
    ngx_http_drove_loc_conf_t   *lcf;
    ngx_http_drove_main_conf_t  *mcf;

    lcf = (ngx_http_drove_loc_conf_t *) ngx_http_get_module_loc_conf(r, ngx_http_drove_module);
    if (!lcf->route) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_drove_request_ctx(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->group != NULL) {
        return NGX_DECLINED;
    }

    why = ctx->route ? "drove: no healthy instance for vhost" : "drove: unknown vhost";

    mcf = (ngx_http_drove_main_conf_t *)
        ngx_http_get_module_main_conf(r, ngx_http_drove_module);
    (void) ngx_atomic_fetch_add(
        &((ngx_http_drove_shctx_t *) mcf->shm_zone->data)->unrouted, 1);

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0, "%s \"%V\": 503", why,
                  &r->headers_in.server);

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    ngx_http_finalize_request(r, ngx_http_drove_send_503(r, why));
    return NGX_DONE;
}


ngx_int_t
ngx_http_drove_route_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    cmcf = (ngx_http_core_main_conf_t *) ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = (ngx_http_handler_pt *) ngx_array_push(&cmcf->phases[NGX_HTTP_PREACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_drove_route_handler;

    return NGX_OK;
}
