/*
 * The clusters a gateway follows. `drove_cluster NAME { controllers ...; ... }` blocks name several;
 * without a block, the top-level drove_* directives make the one implicit cluster "default", as
 * before blocks existed. A block's directives are the top-level ones without their "drove_" prefix,
 * plus `priority primary|backup` and `leader_vhost`. Directive reference: gateway-module/README.md.
 */

#include "gateway-module/src/ngx_http_drove_module.h"

#include <map>


static char *ngx_http_drove_cluster_directive(ngx_conf_t *cf, ngx_command_t *dummy, void *conf);
static ngx_int_t ngx_http_drove_cluster_init(ngx_conf_t *cf, ngx_http_drove_cluster_t *cluster);
static ngx_int_t ngx_http_drove_leader_vhosts_unique(ngx_conf_t *cf,
    ngx_http_drove_main_conf_t *mcf);
static ngx_int_t ngx_http_drove_tls_files(ngx_conf_t *cf, ngx_http_drove_cluster_t *cluster);
static ngx_int_t ngx_http_drove_dump_dir(ngx_conf_t *cf, ngx_str_t *file);


ngx_conf_enum_t  ngx_http_drove_sync_modes[] = {
    { ngx_string("auto"), (ngx_uint_t) drove::gateway::SyncMode::kAuto },
    { ngx_string("longpoll"), (ngx_uint_t) drove::gateway::SyncMode::kLongPoll },
    { ngx_string("poll"), (ngx_uint_t) drove::gateway::SyncMode::kPoll },
    { ngx_null_string, 0 }
};


static ngx_conf_enum_t  ngx_http_drove_priorities[] = {
    { ngx_string("primary"), (ngx_uint_t) drove::gateway::Priority::kPrimary },
    { ngx_string("backup"), (ngx_uint_t) drove::gateway::Priority::kBackup },
    { ngx_null_string, 0 }
};


#define NGX_HTTP_DROVE_FIELD(field)  offsetof(ngx_http_drove_cluster_t, field)

/* Inside a drove_cluster block; `conf` is the cluster. Only the type's argument count is used. */
static ngx_command_t  ngx_http_drove_cluster_commands[] = {

    { ngx_string("controllers"), NGX_CONF_1MORE, ngx_http_drove_str_list, 0,
      NGX_HTTP_DROVE_FIELD(controllers), NULL },

    { ngx_string("credentials"), NGX_CONF_TAKE2, ngx_http_drove_credentials, 0, 0, NULL },

    { ngx_string("tls_verify"), NGX_CONF_FLAG, ngx_conf_set_flag_slot, 0,
      NGX_HTTP_DROVE_FIELD(tls_verify), NULL },

    { ngx_string("tls_trusted_certificate"), NGX_CONF_TAKE1, ngx_conf_set_str_slot, 0,
      NGX_HTTP_DROVE_FIELD(tls_trusted_certificate), NULL },

    { ngx_string("tls_certificate"), NGX_CONF_TAKE1, ngx_conf_set_str_slot, 0,
      NGX_HTTP_DROVE_FIELD(tls_certificate), NULL },

    { ngx_string("tls_certificate_key"), NGX_CONF_TAKE1, ngx_conf_set_str_slot, 0,
      NGX_HTTP_DROVE_FIELD(tls_certificate_key), NULL },

    { ngx_string("sync"), NGX_CONF_TAKE1, ngx_conf_set_enum_slot, 0,
      NGX_HTTP_DROVE_FIELD(sync_mode), ngx_http_drove_sync_modes },

    { ngx_string("poll_interval"), NGX_CONF_TAKE1, ngx_conf_set_msec_slot, 0,
      NGX_HTTP_DROVE_FIELD(poll_interval), NULL },

    { ngx_string("dump_file"), NGX_CONF_TAKE1, ngx_conf_set_str_slot, 0,
      NGX_HTTP_DROVE_FIELD(dump_file), NULL },

    { ngx_string("realms"), NGX_CONF_1MORE, ngx_http_drove_str_list, 0,
      NGX_HTTP_DROVE_FIELD(realms), (void *) "lowercase" },

    { ngx_string("realm_suffix"), NGX_CONF_TAKE1, ngx_conf_set_str_slot, 0,
      NGX_HTTP_DROVE_FIELD(realm_suffix), NULL },

    { ngx_string("priority"), NGX_CONF_TAKE1, ngx_conf_set_enum_slot, 0,
      NGX_HTTP_DROVE_FIELD(priority), ngx_http_drove_priorities },

    { ngx_string("leader_vhost"), NGX_CONF_1MORE, ngx_http_drove_str_list, 0,
      NGX_HTTP_DROVE_FIELD(leader_vhosts), (void *) "lowercase" },

      ngx_null_command
};


void
ngx_http_drove_cluster_create(ngx_http_drove_cluster_t *cluster)
{
    cluster->controllers = (ngx_array_t *) NGX_CONF_UNSET_PTR;
    cluster->tls_verify = NGX_CONF_UNSET;
    cluster->sync_mode = NGX_CONF_UNSET_UINT;
    cluster->poll_interval = NGX_CONF_UNSET_MSEC;
    cluster->realms = (ngx_array_t *) NGX_CONF_UNSET_PTR;
    cluster->priority = NGX_CONF_UNSET_UINT;
    cluster->leader_vhosts = (ngx_array_t *) NGX_CONF_UNSET_PTR;
}


/* drove_cluster NAME { ... } */
char *
ngx_http_drove_cluster_block(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_drove_main_conf_t *mcf = (ngx_http_drove_main_conf_t *) conf;

    char                       *rv;
    ngx_uint_t                  i;
    ngx_str_t                  *name;
    ngx_conf_t                  save;
    ngx_http_drove_cluster_t   *cluster, **known, **slot;

    /* a copy: the block's directives reuse cf->args */
    name = &((ngx_str_t *) cf->args->elts)[1];

    if (name->len == 0 || name->len >= NGX_HTTP_DROVE_CLUSTER_NAME) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "drove_cluster name \"%V\": 1 to %d characters",
                           name, NGX_HTTP_DROVE_CLUSTER_NAME - 1);
        return (char *) NGX_CONF_ERROR;
    }

    known = (ngx_http_drove_cluster_t **) mcf->clusters.elts;
    for (i = 0; i < mcf->clusters.nelts; i++) {
        if (known[i]->name.len == name->len
            && ngx_strncmp(known[i]->name.data, name->data, name->len) == 0)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "drove_cluster \"%V\" is duplicate", name);
            return (char *) NGX_CONF_ERROR;
        }
    }

    cluster = (ngx_http_drove_cluster_t *) ngx_pcalloc(cf->pool, sizeof(ngx_http_drove_cluster_t));
    slot = (ngx_http_drove_cluster_t **) ngx_array_push(&mcf->clusters);
    if (cluster == NULL || slot == NULL) {
        return (char *) NGX_CONF_ERROR;
    }

    ngx_http_drove_cluster_create(cluster);
    cluster->name = *name;
    *slot = cluster;

    save = *cf;
    cf->handler = ngx_http_drove_cluster_directive;
    cf->handler_conf = (char *) cluster;

    rv = ngx_conf_parse(cf, NULL);

    *cf = save;

    if (rv != NGX_CONF_OK) {
        return rv;
    }

    if (cluster->controllers == NGX_CONF_UNSET_PTR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "drove_cluster \"%V\" has no controllers",
                           &cluster->name);
        return (char *) NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/* Whether the directive's argument count fits its type, as ngx_conf_handler() checks it. */
static bool
ngx_http_drove_arguments_fit(ngx_command_t *cmd, ngx_uint_t nargs)
{
    static ngx_uint_t  take[] = { NGX_CONF_NOARGS, NGX_CONF_TAKE1, NGX_CONF_TAKE2,
                                  NGX_CONF_TAKE3 };

    if (cmd->type & NGX_CONF_FLAG) {
        return nargs == 2;
    }

    if (cmd->type & NGX_CONF_1MORE) {
        return nargs >= 2;
    }

    return nargs <= 4 && (cmd->type & take[nargs - 1]);
}


/* One directive inside a drove_cluster block: an unknown name stops the configuration with it. */
static char *
ngx_http_drove_cluster_directive(ngx_conf_t *cf, ngx_command_t *dummy, void *conf)
{
    ngx_http_drove_cluster_t *cluster = (ngx_http_drove_cluster_t *) conf;

    char           *rv;
    ngx_str_t      *value;
    ngx_command_t  *cmd;

    value = (ngx_str_t *) cf->args->elts;

    for (cmd = ngx_http_drove_cluster_commands; cmd->name.len; cmd++) {
        if (cmd->name.len != value[0].len
            || ngx_strncmp(cmd->name.data, value[0].data, value[0].len) != 0)
        {
            continue;
        }

        if (!ngx_http_drove_arguments_fit(cmd, cf->args->nelts)) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid number of arguments in \"%V\" "
                               "directive of drove_cluster \"%V\"", &value[0], &cluster->name);
            return (char *) NGX_CONF_ERROR;
        }

        rv = cmd->set(cf, cmd, cluster);
        if (rv == NGX_CONF_OK || rv == NGX_CONF_ERROR) {
            return rv;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "\"%V\" directive %s in drove_cluster \"%V\"",
                           &value[0], rv, &cluster->name);
        return (char *) NGX_CONF_ERROR;
    }

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "unknown directive \"%V\" in drove_cluster \"%V\"",
                       &value[0], &cluster->name);
    return (char *) NGX_CONF_ERROR;
}


/* Top-level cluster directives set beside blocks would leave it unclear which cluster they mean. */
static bool
ngx_http_drove_implicit_is_set(ngx_http_drove_cluster_t *c)
{
    return c->controllers != NGX_CONF_UNSET_PTR || c->authorization.len
           || c->tls_verify != NGX_CONF_UNSET || c->tls_trusted_certificate.len
           || c->tls_certificate.len || c->tls_certificate_key.len
           || c->sync_mode != NGX_CONF_UNSET_UINT || c->poll_interval != NGX_CONF_UNSET_MSEC
           || c->dump_file.len || c->realms != NGX_CONF_UNSET_PTR || c->realm_suffix.len
           || c->leader_vhosts != NGX_CONF_UNSET_PTR;
}


/* After the http block: the clusters in order (the implicit one when there is no block), their
 * defaults and files checked; several clusters or a leader vhost mean the workers route with a
 * merge of the clusters' tables. */
ngx_int_t
ngx_http_drove_clusters_init(ngx_conf_t *cf, ngx_http_drove_main_conf_t *mcf)
{
    ngx_uint_t                  i, merged;
    ngx_http_drove_cluster_t  **clusters, **implicit;
    static ngx_str_t            name = ngx_string("default");

    if (mcf->clusters.nelts == 0) {
        implicit = (ngx_http_drove_cluster_t **) ngx_array_push(&mcf->clusters);
        if (implicit == NULL) {
            return NGX_ERROR;
        }
        mcf->implicit.name = name;
        *implicit = &mcf->implicit;

    } else if (ngx_http_drove_implicit_is_set(&mcf->implicit)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "top-level drove_* cluster directives and "
                           "drove_cluster blocks do not mix: move them into a block");
        return NGX_ERROR;
    }

    if (mcf->clusters.nelts > NGX_HTTP_DROVE_MAX_CLUSTERS) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "drove_cluster: at most %d clusters",
                           NGX_HTTP_DROVE_MAX_CLUSTERS);
        return NGX_ERROR;
    }

    clusters = (ngx_http_drove_cluster_t **) mcf->clusters.elts;
    merged = mcf->clusters.nelts > 1;

    for (i = 0; i < mcf->clusters.nelts; i++) {
        clusters[i]->index = i;
        if (ngx_http_drove_cluster_init(cf, clusters[i]) != NGX_OK) {
            return NGX_ERROR;
        }
        if (clusters[i]->leader_vhosts) {
            merged = 1;
        }
    }

    for (i = 0; i < mcf->clusters.nelts; i++) {
        clusters[i]->merged = merged;
    }

    return ngx_http_drove_leader_vhosts_unique(cf, mcf);
}


/* A leader vhost routes to one cluster's leader: two clusters cannot both claim it. */
static ngx_int_t
ngx_http_drove_leader_vhosts_unique(ngx_conf_t *cf, ngx_http_drove_main_conf_t *mcf)
{
    std::map<std::string, std::string>  owner;  /* leader vhost -> its cluster */

    for (const drove::gateway::ClusterSpec &spec : ngx_http_drove_cluster_specs(mcf)) {
        for (const std::string &vhost : spec.leader_vhosts) {
            auto [at, added] = owner.emplace(vhost, spec.name);
            if (!added) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "leader_vhost \"%s\" is in "
                                   "drove_cluster \"%s\" and \"%s\"", vhost.c_str(),
                                   at->second.c_str(), spec.name.c_str());
                return NGX_ERROR;
            }
        }
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_drove_cluster_init(ngx_conf_t *cf, ngx_http_drove_cluster_t *cluster)
{
    ngx_conf_init_ptr_value(cluster->controllers, NULL);
    ngx_conf_init_value(cluster->tls_verify, 1);
    ngx_conf_init_uint_value(cluster->sync_mode, (ngx_uint_t) drove::gateway::SyncMode::kAuto);
    ngx_conf_init_msec_value(cluster->poll_interval, 1000);
    ngx_conf_init_ptr_value(cluster->realms, NULL);
    ngx_conf_init_uint_value(cluster->priority,
                             (ngx_uint_t) drove::gateway::Priority::kPrimary);
    ngx_conf_init_ptr_value(cluster->leader_vhosts, NULL);

    if (ngx_http_drove_tls_files(cf, cluster) != NGX_OK) {
        return NGX_ERROR;
    }

    if (cluster->dump_file.len && ngx_http_drove_dump_dir(cf, &cluster->dump_file) != NGX_OK) {
        return NGX_ERROR;
    }

    return NGX_OK;
}


std::vector<drove::gateway::ClusterSpec>
ngx_http_drove_cluster_specs(ngx_http_drove_main_conf_t *mcf)
{
    ngx_uint_t                               i;
    ngx_http_drove_cluster_t               **clusters;
    std::vector<drove::gateway::ClusterSpec> specs;

    clusters = (ngx_http_drove_cluster_t **) mcf->clusters.elts;

    for (i = 0; i < mcf->clusters.nelts; i++) {
        specs.push_back({ngx_http_drove_string(&clusters[i]->name),
                         (drove::gateway::Priority) clusters[i]->priority,
                         ngx_http_drove_strings(clusters[i]->leader_vhosts)});
    }

    return specs;
}


/* The TLS files towards controllers: relative names are under nginx's conf prefix, as with
 * proxy_ssl_certificate; a certificate needs its key and the other way round. */
static ngx_int_t
ngx_http_drove_tls_files(ngx_conf_t *cf, ngx_http_drove_cluster_t *cluster)
{
    ngx_uint_t   i;
    ngx_str_t   *files[] = { &cluster->tls_trusted_certificate, &cluster->tls_certificate,
                             &cluster->tls_certificate_key };

    if ((cluster->tls_certificate.len == 0) != (cluster->tls_certificate_key.len == 0)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "drove_tls_certificate and drove_tls_certificate_key go together "
                           "(cluster \"%V\")", &cluster->name);
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


/* credentials basic USER:PASSWORD | header VALUE; cmd->offset leads from `conf` to the cluster */
char *
ngx_http_drove_credentials(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_drove_cluster_t *cluster = (ngx_http_drove_cluster_t *) ((char *) conf + cmd->offset);

    ngx_str_t  *value, plain, encoded;
    static ngx_str_t  basic = ngx_string("Basic ");

    if (cluster->authorization.data != NULL) {
        return (char *) "is duplicate";
    }

    value = (ngx_str_t *) cf->args->elts;

    if (ngx_strcmp(value[1].data, "header") == 0) {
        cluster->authorization = value[2];
        return NGX_CONF_OK;
    }

    if (ngx_strcmp(value[1].data, "basic") != 0
        || ngx_strlchr(value[2].data, value[2].data + value[2].len, ':') == NULL)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%V: expected \"basic USER:PASSWORD\" or \"header VALUE\"",
                           &value[0]);
        return (char *) NGX_CONF_ERROR;
    }

    plain = value[2];
    cluster->authorization.len = basic.len + ngx_base64_encoded_length(plain.len);
    cluster->authorization.data = (u_char *) ngx_pnalloc(cf->pool, cluster->authorization.len);
    if (cluster->authorization.data == NULL) {
        return (char *) NGX_CONF_ERROR;
    }

    ngx_memcpy(cluster->authorization.data, basic.data, basic.len);

    encoded.data = cluster->authorization.data + basic.len;
    ngx_encode_base64(&encoded, &plain);
    cluster->authorization.len = basic.len + encoded.len;

    return NGX_CONF_OK;
}


/* Every argument into an array of ngx_str_t; lower-cased when cmd->post is set (host names: nginx's
 * validated Host is lower-case). */
char *
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
