/*
 * ngx_http_drove_module: directives, configuration structures and the worker hooks. Directive
 * reference: gateway-module/README.md.
 */

#include "gateway-module/src/ngx_http_drove_module.h"


static void *ngx_http_drove_create_main_conf(ngx_conf_t *cf);
static char *ngx_http_drove_init_main_conf(ngx_conf_t *cf, void *conf);
static ngx_int_t ngx_http_drove_dump_dir(ngx_conf_t *cf, ngx_str_t *file);
static ngx_int_t ngx_http_drove_tls_files(ngx_conf_t *cf, ngx_http_drove_main_conf_t *mcf);
static void *ngx_http_drove_create_srv_conf(ngx_conf_t *cf);
static void *ngx_http_drove_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_drove_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child);
static char *ngx_http_drove_credentials(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *ngx_http_drove_str_list(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *ngx_http_drove_routing_tag(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static ngx_int_t ngx_http_drove_postconfiguration(ngx_conf_t *cf);
static ngx_int_t ngx_http_drove_init_process(ngx_cycle_t *cycle);
static void ngx_http_drove_exit_process(ngx_cycle_t *cycle);


static ngx_conf_enum_t  ngx_http_drove_sync_modes[] = {
    { ngx_string("auto"), (ngx_uint_t) drove::gateway::SyncMode::kAuto },
    { ngx_string("longpoll"), (ngx_uint_t) drove::gateway::SyncMode::kLongPoll },
    { ngx_string("poll"), (ngx_uint_t) drove::gateway::SyncMode::kPoll },
    { ngx_null_string, 0 }
};


static ngx_command_t  ngx_http_drove_commands[] = {

    { ngx_string("drove_controllers"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_1MORE,
      ngx_http_drove_str_list,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_drove_main_conf_t, controllers),
      NULL },

    { ngx_string("drove_credentials"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE2,
      ngx_http_drove_credentials,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("drove_tls_verify"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_drove_main_conf_t, tls_verify),
      NULL },

    { ngx_string("drove_tls_trusted_certificate"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_drove_main_conf_t, tls_trusted_certificate),
      NULL },

    { ngx_string("drove_tls_certificate"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_drove_main_conf_t, tls_certificate),
      NULL },

    { ngx_string("drove_tls_certificate_key"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_drove_main_conf_t, tls_certificate_key),
      NULL },

    { ngx_string("drove_sync"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_enum_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_drove_main_conf_t, sync_mode),
      ngx_http_drove_sync_modes },

    { ngx_string("drove_poll_interval"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_msec_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_drove_main_conf_t, poll_interval),
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
      offsetof(ngx_http_drove_main_conf_t, dump_file),
      NULL },

    { ngx_string("drove_realms"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_1MORE,
      ngx_http_drove_str_list,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_drove_main_conf_t, realms),
      (void *) "lowercase" },

    { ngx_string("drove_realm_suffix"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_MAIN_CONF_OFFSET,
      offsetof(ngx_http_drove_main_conf_t, realm_suffix),
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

    mcf->controllers = (ngx_array_t *) NGX_CONF_UNSET_PTR;
    mcf->tls_verify = NGX_CONF_UNSET;
    mcf->sync_mode = NGX_CONF_UNSET_UINT;
    mcf->poll_interval = NGX_CONF_UNSET_MSEC;
    mcf->realms = (ngx_array_t *) NGX_CONF_UNSET_PTR;

    return mcf;
}


static char *
ngx_http_drove_init_main_conf(ngx_conf_t *cf, void *conf)
{
    ngx_http_drove_main_conf_t *mcf = (ngx_http_drove_main_conf_t *) conf;

    ngx_conf_init_ptr_value(mcf->controllers, NULL);
    ngx_conf_init_value(mcf->tls_verify, 1);
    ngx_conf_init_uint_value(mcf->sync_mode, (ngx_uint_t) drove::gateway::SyncMode::kAuto);
    ngx_conf_init_msec_value(mcf->poll_interval, 1000);
    ngx_conf_init_ptr_value(mcf->realms, NULL);

    if (ngx_http_drove_tls_files(cf, mcf) != NGX_OK) {
        return (char *) NGX_CONF_ERROR;
    }

    if (mcf->dump_file.len && ngx_http_drove_dump_dir(cf, &mcf->dump_file) != NGX_OK) {
        return (char *) NGX_CONF_ERROR;
    }

    if (mcf->shm_zone == NULL && ngx_http_drove_zone_default(cf, mcf) != NGX_OK) {
        return (char *) NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/* The TLS files towards controllers: relative names are under nginx's conf prefix, as with
 * proxy_ssl_certificate; a certificate needs its key and the other way round. */
static ngx_int_t
ngx_http_drove_tls_files(ngx_conf_t *cf, ngx_http_drove_main_conf_t *mcf)
{
    ngx_uint_t   i;
    ngx_str_t   *files[] = { &mcf->tls_trusted_certificate, &mcf->tls_certificate,
                             &mcf->tls_certificate_key };

    if ((mcf->tls_certificate.len == 0) != (mcf->tls_certificate_key.len == 0)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "drove_tls_certificate and drove_tls_certificate_key go together");
        return NGX_ERROR;
    }

    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        if (files[i]->len && ngx_conf_full_name(cf->cycle, files[i], 1) != NGX_OK) {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


/* The dump file's directory becomes one of nginx's paths, like a temp dir: nginx creates it at
 * start and hands it to the worker user, so the fetcher (in a worker) can write and rename there. */
static ngx_int_t
ngx_http_drove_dump_dir(ngx_conf_t *cf, ngx_str_t *file)
{
    u_char      *slash;
    ngx_path_t  *path;

    if (ngx_conf_full_name(cf->cycle, file, 0) != NGX_OK) {
        return NGX_ERROR;
    }

    slash = NULL;
    for (u_char *p = file->data + file->len; p > file->data; p--) {
        if (p[-1] == '/') {
            slash = p - 1;
            break;
        }
    }

    if (slash == NULL || slash == file->data) {
        return NGX_OK;
    }

    path = (ngx_path_t *) ngx_pcalloc(cf->pool, sizeof(ngx_path_t));
    if (path == NULL) {
        return NGX_ERROR;
    }

    /* ngx_create_paths() passes the name to mkdir() as a C string */
    path->name.len = slash - file->data;
    path->name.data = (u_char *) ngx_pnalloc(cf->pool, path->name.len + 1);
    if (path->name.data == NULL) {
        return NGX_ERROR;
    }
    ngx_cpystrn(path->name.data, file->data, path->name.len + 1);
    path->conf_file = cf->conf_file->file.name.data;
    path->line = cf->conf_file->line;

    return ngx_add_path(cf, &path);
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


/* drove_credentials basic USER:PASSWORD | header VALUE */
static char *
ngx_http_drove_credentials(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_drove_main_conf_t *mcf = (ngx_http_drove_main_conf_t *) conf;

    ngx_str_t  *value, plain;
    static ngx_str_t  basic = ngx_string("Basic ");

    if (mcf->authorization.data != NULL) {
        return (char *) "is duplicate";
    }

    value = (ngx_str_t *) cf->args->elts;

    if (ngx_strcmp(value[1].data, "header") == 0) {
        mcf->authorization = value[2];
        return NGX_CONF_OK;
    }

    if (ngx_strcmp(value[1].data, "basic") != 0
        || ngx_strlchr(value[2].data, value[2].data + value[2].len, ':') == NULL)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "drove_credentials: expected \"basic USER:PASSWORD\" "
                           "or \"header VALUE\"");
        return (char *) NGX_CONF_ERROR;
    }

    plain = value[2];
    mcf->authorization.len = basic.len + ngx_base64_encoded_length(plain.len);
    mcf->authorization.data = (u_char *) ngx_pnalloc(cf->pool, mcf->authorization.len);
    if (mcf->authorization.data == NULL) {
        return (char *) NGX_CONF_ERROR;
    }

    ngx_memcpy(mcf->authorization.data, basic.data, basic.len);

    ngx_str_t encoded;
    encoded.data = mcf->authorization.data + basic.len;
    ngx_encode_base64(&encoded, &plain);
    mcf->authorization.len = basic.len + encoded.len;

    return NGX_CONF_OK;
}


/* Every argument into an array of ngx_str_t; lower-cased when cmd->post is set (host names: nginx's
 * validated Host is lower-case). */
static char *
ngx_http_drove_str_list(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_uint_t    i;
    ngx_str_t    *value, *s;
    ngx_array_t **list;

    list = (ngx_array_t **) ((char *) conf + cmd->offset);
    if (*list != NGX_CONF_UNSET_PTR) {
        return (char *) "is duplicate";
    }

    *list = ngx_array_create(cf->pool, cf->args->nelts - 1, sizeof(ngx_str_t));
    if (*list == NULL) {
        return (char *) NGX_CONF_ERROR;
    }

    value = (ngx_str_t *) cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {
        s = (ngx_str_t *) ngx_array_push(*list);
        if (s == NULL) {
            return (char *) NGX_CONF_ERROR;
        }

        *s = value[i];
        if (cmd->post != NULL) {
            ngx_strlow(s->data, s->data, s->len);
        }
    }

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
