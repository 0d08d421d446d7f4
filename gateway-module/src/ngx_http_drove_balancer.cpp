/*
 * The balancer of an upstream block holding `drove_balancer`: picks a member of the request's vhost
 * group from the view the request pinned (round robin or least connections, passive failure
 * accounting per worker), and fills pc->sockaddr/socklen/name so `keepalive` and
 * `proxy_next_upstream` work on top. nginx's own peer lists are never touched.
 */

#include "gateway-module/src/ngx_http_drove_module.h"


typedef struct {
    ngx_http_drove_ctx_t            *ctx;
    drove::gateway::PickPolicy       policy;
    uint8_t                         *tried;     /* by position in the group */
    const drove::gateway::RoutedMember  *current;
    ngx_str_t                        name;
} ngx_http_drove_peer_data_t;


static ngx_int_t ngx_http_drove_init_upstream(ngx_conf_t *cf, ngx_http_upstream_srv_conf_t *us);
static ngx_int_t ngx_http_drove_init_peer(ngx_http_request_t *r,
    ngx_http_upstream_srv_conf_t *us);
static ngx_int_t ngx_http_drove_get_peer(ngx_peer_connection_t *pc, void *data);
static void ngx_http_drove_free_peer(ngx_peer_connection_t *pc, void *data, ngx_uint_t state);
#if (NGX_HTTP_SSL)
static ngx_int_t ngx_http_drove_set_session(ngx_peer_connection_t *pc, void *data);
static void ngx_http_drove_save_session(ngx_peer_connection_t *pc, void *data);
#endif


/* drove_balancer [round_robin|least_conn] [max_fails=N] [fail_timeout=TIME] */
char *
ngx_http_drove_balancer(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_drove_srv_conf_t *scf = (ngx_http_drove_srv_conf_t *) conf;

    time_t                         t;
    ngx_int_t                      n;
    ngx_str_t                     *value, s;
    ngx_uint_t                     i;
    ngx_http_drove_main_conf_t    *mcf;
    ngx_http_upstream_server_t    *us;
    ngx_http_upstream_srv_conf_t  *uscf;

    uscf = (ngx_http_upstream_srv_conf_t *)
        ngx_http_conf_get_module_srv_conf(cf, ngx_http_upstream_module);

    if (uscf->peer.init_upstream) {
        ngx_conf_log_error(NGX_LOG_WARN, cf, 0, "load balancing method redefined");
    }

    value = (ngx_str_t *) cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strcmp(value[i].data, "round_robin") == 0) {
            scf->method = (ngx_uint_t) drove::gateway::Method::kRoundRobin;

        } else if (ngx_strcmp(value[i].data, "least_conn") == 0) {
            scf->method = (ngx_uint_t) drove::gateway::Method::kLeastConn;

        } else if (ngx_strncmp(value[i].data, "max_fails=", 10) == 0) {
            n = ngx_atoi(value[i].data + 10, value[i].len - 10);
            if (n == NGX_ERROR) {
                goto invalid;
            }
            scf->max_fails = n;

        } else if (ngx_strncmp(value[i].data, "fail_timeout=", 13) == 0) {
            s.data = value[i].data + 13;
            s.len = value[i].len - 13;
            t = ngx_parse_time(&s, 1);
            if (t == (time_t) NGX_ERROR) {
                goto invalid;
            }
            scf->fail_timeout = t;

        } else {
            goto invalid;
        }
    }

    /* nginx 1.22 refuses an upstream block without a server; this placeholder is never used:
     * the module's init_upstream replaces round robin, the only reader of the list */
    if (uscf->servers->nelts == 0) {
        us = (ngx_http_upstream_server_t *) ngx_array_push(uscf->servers);
        if (us == NULL) {
            return (char *) NGX_CONF_ERROR;
        }
        ngx_memzero(us, sizeof(ngx_http_upstream_server_t));
        ngx_str_set(&us->name, "drove");
    }

    uscf->peer.init_upstream = ngx_http_drove_init_upstream;
    uscf->flags = NGX_HTTP_UPSTREAM_CREATE;

    mcf = (ngx_http_drove_main_conf_t *)
        ngx_http_conf_get_module_main_conf(cf, ngx_http_drove_module);
    if (mcf->status_policy == NULL) {
        mcf->status_policy = scf;
    }

    return NGX_CONF_OK;

invalid:

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid drove_balancer parameter \"%V\"",
                       &value[i]);
    return (char *) NGX_CONF_ERROR;
}


static ngx_int_t
ngx_http_drove_init_upstream(ngx_conf_t *cf, ngx_http_upstream_srv_conf_t *us)
{
    us->peer.init = ngx_http_drove_init_peer;
    return NGX_OK;
}


static ngx_int_t
ngx_http_drove_init_peer(ngx_http_request_t *r, ngx_http_upstream_srv_conf_t *us)
{
    size_t                       n;
    ngx_http_drove_peer_data_t  *pd;

    pd = (ngx_http_drove_peer_data_t *) ngx_pcalloc(r->pool, sizeof(ngx_http_drove_peer_data_t));
    if (pd == NULL) {
        return NGX_ERROR;
    }

    pd->ctx = ngx_http_drove_request_ctx(r);
    if (pd->ctx == NULL) {
        return NGX_ERROR;
    }

    pd->policy = ngx_http_drove_policy((ngx_http_drove_srv_conf_t *)
                                       ngx_http_conf_upstream_srv_conf(us, ngx_http_drove_module));

    n = pd->ctx->group ? pd->ctx->group->members.size() : 0;
    pd->tried = (uint8_t *) ngx_pcalloc(r->pool, ngx_max(n, 1));
    if (pd->tried == NULL) {
        return NGX_ERROR;
    }

    r->upstream->peer.data = pd;
    r->upstream->peer.get = ngx_http_drove_get_peer;
    r->upstream->peer.free = ngx_http_drove_free_peer;
    r->upstream->peer.tries = ngx_max(n, 1);
#if (NGX_HTTP_SSL)
    /* keepalive (and nginx's SSL connect) call these unconditionally on https upstreams */
    r->upstream->peer.set_session = ngx_http_drove_set_session;
    r->upstream->peer.save_session = ngx_http_drove_save_session;
#endif

    return NGX_OK;
}


static ngx_int_t
ngx_http_drove_get_peer(ngx_peer_connection_t *pc, void *data)
{
    ngx_http_drove_peer_data_t *pd = (ngx_http_drove_peer_data_t *) data;

    int                                  i;
    const drove::gateway::Group         *group;
    const drove::gateway::RoutedMember  *m;

    pc->cached = 0;
    pc->connection = NULL;
    pd->current = NULL;

    group = pd->ctx->group;
    if (group == NULL) {
        ngx_log_error(NGX_LOG_ERR, pc->log, 0, "drove: no member for this request's vhost");
        return NGX_BUSY;
    }

    i = drove::gateway::PickMember(group->states, pd->tried, pd->policy, ngx_time(),
                                   &group->cursor);
    if (i < 0) {
        return NGX_BUSY;
    }

    pd->tried[i] = 1;
    m = &pd->ctx->route->members[group->members[i]];
    m->state->conns++;
    m->state->requests++;

    pd->current = m;
    pd->name.data = (u_char *) m->name.data();
    pd->name.len = m->name.size();

    pc->sockaddr = (struct sockaddr *) &m->sockaddr;
    pc->socklen = m->socklen;
    pc->name = &pd->name;

    return NGX_OK;
}


static void
ngx_http_drove_free_peer(ngx_peer_connection_t *pc, void *data, ngx_uint_t state)
{
    ngx_http_drove_peer_data_t *pd = (ngx_http_drove_peer_data_t *) data;

    bool  failed;

    if (pd->current == NULL) {
        return;
    }

    failed = (state & NGX_PEER_FAILED) != 0;
    drove::gateway::RecordTry(pd->current->state.get(), failed, ngx_time());
    pd->current->state->conns--;

    if (failed && pd->ctx->counter) {
        (void) ngx_atomic_fetch_add(&pd->ctx->counter->failures, 1);
    }

    pd->current = NULL;

    if (pc->tries) {
        pc->tries--;
    }
}


#if (NGX_HTTP_SSL)

/* No TLS session reuse towards members: each new connection does a full handshake (keepalive
 * connections are reused whole). */
static ngx_int_t
ngx_http_drove_set_session(ngx_peer_connection_t *pc, void *data)
{
    return NGX_OK;
}


static void
ngx_http_drove_save_session(ngx_peer_connection_t *pc, void *data)
{
}

#endif
