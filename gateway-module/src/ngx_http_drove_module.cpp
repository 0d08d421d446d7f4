/*
 * ngx_http_drove_module: directives, configuration structures and the worker hooks. Directive
 * reference: gateway-module/README.md.
 */

#include "gateway-module/src/ngx_http_drove_module.h"


static void *ngx_http_drove_create_main_conf(ngx_conf_t *cf);
static char *ngx_http_drove_init_main_conf(ngx_conf_t *cf, void *conf);
static void *ngx_http_drove_create_srv_conf(ngx_conf_t *cf);
static void *ngx_http_drove_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_drove_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child);
static char *ngx_http_drove_routing_tag(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static ngx_int_t ngx_http_drove_postconfiguration(ngx_conf_t *cf);
static ngx_int_t ngx_http_drove_init_process(ngx_cycle_t *cycle);
static void ngx_http_drove_exit_process(ngx_cycle_t *cycle);


/* The top-level cluster directives set the implicit cluster's fields (one cluster, as before
 * drove_cluster blocks existed). */
#define NGX_HTTP_DROVE_IMPLICIT(field)                                                            \
    (offsetof(ngx_http_drove_main_conf_t, implicit) + offsetof(ngx_http_drove_cluster_t, field))


static ngx_command_t  ngx_http_drove_commands[] = {

    { ngx_string("drove_controllers"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_1MORE,
      ngx_http_drove_str_list,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(controllers),
      NULL },

    { ngx_string("drove_credentials"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE2,
      ngx_http_drove_credentials,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_drove_main_conf_t, implicit),
      NULL },

    { ngx_string("drove_tls_verify"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(tls_verify),
      NULL },

    { ngx_string("drove_tls_trusted_certificate"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(tls_trusted_certificate),
      NULL },

    { ngx_string("drove_tls_certificate"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(tls_certificate),
      NULL },

    { ngx_string("drove_tls_certificate_key"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(tls_certificate_key),
      NULL },

    { ngx_string("drove_sync"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_enum_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(sync_mode),
      ngx_http_drove_sync_modes },

    { ngx_string("drove_poll_interval"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_msec_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(poll_interval),
      NULL },

    { ngx_string("drove_zone"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE2,
      ngx_http_drove_zone,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("drove_dump_file"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(dump_file),
      NULL },

    { ngx_string("drove_realms"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_1MORE,
      ngx_http_drove_str_list,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(realms),
      (void *) "lowercase" },

    { ngx_string("drove_realm_suffix"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(realm_suffix),
      NULL },

    { ngx_string("drove_leader_vhost"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_1MORE,
      ngx_http_drove_str_list,
      NGX_HTTP_MAIN_CONF_OFFSET,
      NGX_HTTP_DROVE_IMPLICIT(leader_vhosts),
      (void *) "lowercase" },

    { ngx_string("drove_cluster"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_BLOCK|NGX_CONF_TAKE1,
      ngx_http_drove_cluster_block,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("drove_routing_tag"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE2,
      ngx_http_drove_routing_tag,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("drove_balancer"),
      NGX_HTTP_UPS_CONF|NGX_CONF_NOARGS|NGX_CONF_TAKE123,
      ngx_http_drove_balancer,
      NGX_HTTP_SRV_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("drove_route"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_drove_loc_conf_t, route),
      NULL },

    { ngx_string("drove_status"),
      NGX_HTTP_LOC_CONF|NGX_CONF_NOARGS,
      ngx_http_drove_status,
      0,
      0,
      NULL },

    { ngx_string("drove_metrics"),
      NGX_HTTP_LOC_CONF|NGX_CONF_NOARGS,
      ngx_http_drove_metrics,
      0,
      0,
      NULL },

      ngx_null_command
};


static ngx_http_module_t  ngx_http_drove_module_ctx = {
    NULL,                                  /* preconfiguration */
    ngx_http_drove_postconfiguration,      /* postconfiguration */

    ngx_http_drove_create_main_conf,       /* create main configuration */
    ngx_http_drove_init_main_conf,         /* init main configuration */

    ngx_http_drove_create_srv_conf,        /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_drove_create_loc_conf,        /* create location configuration */
    ngx_http_drove_merge_loc_conf          /* merge location configuration */
};


ngx_module_t  ngx_http_drove_module = {
    NGX_MODULE_V1,
    &ngx_http_drove_module_ctx,            /* module context */
    ngx_http_drove_commands,               /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    ngx_http_drove_init_process,           /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    ngx_http_drove_exit_process,           /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static void *
ngx_http_drove_create_main_conf(ngx_conf_t *cf)
{
    ngx_http_drove_main_conf_t  *mcf;

    mcf = (ngx_http_drove_main_conf_t *) ngx_pcalloc(cf->pool,
                                                     sizeof(ngx_http_drove_main_conf_t));
    if (mcf == NULL) {
        return NULL;
    }

    if (ngx_array_init(&mcf->clusters, cf->pool, 4, sizeof(ngx_http_drove_cluster_t *))
        != NGX_OK)
    {
        return NULL;
    }

    ngx_http_drove_cluster_create(&mcf->implicit);

    return mcf;
}


static char *
ngx_http_drove_init_main_conf(ngx_conf_t *cf, void *conf)
{
    ngx_http_drove_main_conf_t *mcf = (ngx_http_drove_main_conf_t *) conf;

    if (ngx_http_drove_clusters_init(cf, mcf) != NGX_OK) {
        return (char *) NGX_CONF_ERROR;
    }

    if (mcf->shm_zone == NULL && ngx_http_drove_zone_default(cf, mcf) != NGX_OK) {
        return (char *) NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static void *
ngx_http_drove_create_srv_conf(ngx_conf_t *cf)
{
    ngx_http_drove_srv_conf_t  *scf;

    scf = (ngx_http_drove_srv_conf_t *) ngx_pcalloc(cf->pool, sizeof(ngx_http_drove_srv_conf_t));
    if (scf == NULL) {
        return NULL;
    }

    scf->method = (ngx_uint_t) drove::gateway::Method::kRoundRobin;
    scf->max_fails = 1;
    scf->fail_timeout = 10;

    return scf;
}


static void *
ngx_http_drove_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_drove_loc_conf_t  *lcf;

    lcf = (ngx_http_drove_loc_conf_t *) ngx_pcalloc(cf->pool, sizeof(ngx_http_drove_loc_conf_t));
    if (lcf == NULL) {
        return NULL;
    }

    lcf->route = NGX_CONF_UNSET;

    return lcf;
}


static char *
ngx_http_drove_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_drove_loc_conf_t *prev = (ngx_http_drove_loc_conf_t *) parent;
    ngx_http_drove_loc_conf_t *conf = (ngx_http_drove_loc_conf_t *) child;

    ngx_conf_merge_value(conf->route, prev->route, 0);

    return NGX_CONF_OK;
}


/* drove_routing_tag TAG HEADER */
static char *
ngx_http_drove_routing_tag(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_drove_main_conf_t *mcf = (ngx_http_drove_main_conf_t *) conf;

    ngx_str_t  *value;

    if (mcf->routing_tag.data != NULL) {
        return (char *) "is duplicate";
    }

    value = (ngx_str_t *) cf->args->elts;
    mcf->routing_tag = value[1];
    mcf->routing_header = value[2];

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_drove_postconfiguration(ngx_conf_t *cf)
{
    return ngx_http_drove_route_init(cf);
}


static ngx_int_t
ngx_http_drove_init_process(ngx_cycle_t *cycle)
{
    return ngx_http_drove_fetcher_start(cycle);
}


static void
ngx_http_drove_exit_process(ngx_cycle_t *cycle)
{
    ngx_http_drove_fetcher_stop();
    ngx_http_drove_views_release();
}


drove::gateway::PickPolicy
ngx_http_drove_policy(ngx_http_drove_srv_conf_t *conf)
{
    drove::gateway::PickPolicy  policy;

    if (conf != NULL) {
        policy.method = (drove::gateway::Method) conf->method;
        policy.max_fails = (int) conf->max_fails;
        policy.fail_timeout_s = conf->fail_timeout;
    }

    return policy;
}


ngx_int_t
ngx_http_drove_send(ngx_http_request_t *r, ngx_uint_t status, const char *type, ngx_buf_t *b)
{
    ngx_int_t     rc;
    ngx_chain_t   out;

    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;

    r->headers_out.status = status;
    r->headers_out.content_length_n = b->last - b->pos;
    r->headers_out.content_type.data = (u_char *) type;
    r->headers_out.content_type.len = ngx_strlen(type);
    r->headers_out.content_type_len = r->headers_out.content_type.len;

    rc = ngx_http_send_header(r);
    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    out.buf = b;
    out.next = NULL;

    return ngx_http_output_filter(r, &out);
}
