/*
 * One fetcher per nginx instance: worker 0 (or the single process) runs drove::gateway::Fetcher's
 * thread, which publishes each new routing table into the shared zone. Never in the master, the
 * cache manager or the cache loader. It stops as soon as the worker starts exiting (reload, quit),
 * so an old worker never competes with the new one's fetcher.
 */

#include "gateway-module/src/ngx_http_drove_module.h"

#include <signal.h>

#include <exception>


#define NGX_HTTP_DROVE_EXIT_CHECK  200


static drove::gateway::Fetcher  *ngx_http_drove_fetcher;
static ngx_event_t               ngx_http_drove_exit_watch;


static drove::gateway::FetcherConfig
ngx_http_drove_fetcher_config(ngx_http_drove_main_conf_t *mcf)
{
    ngx_uint_t                      i;
    ngx_str_t                      *s;
    drove::gateway::FetcherConfig   config;

    s = (ngx_str_t *) mcf->controllers->elts;
    for (i = 0; i < mcf->controllers->nelts; i++) {
        config.controllers.emplace_back((char *) s[i].data, s[i].len);
    }

    config.authorization.assign((char *) mcf->authorization.data, mcf->authorization.len);
    config.tls_verify = mcf->tls_verify;
    config.tls_ca_file.assign((char *) mcf->tls_trusted_certificate.data,
                              mcf->tls_trusted_certificate.len);
    config.tls_cert_file.assign((char *) mcf->tls_certificate.data, mcf->tls_certificate.len);
    config.tls_key_file.assign((char *) mcf->tls_certificate_key.data,
                               mcf->tls_certificate_key.len);
    config.mode = (drove::gateway::SyncMode) mcf->sync_mode;
    config.poll_interval = std::chrono::milliseconds(mcf->poll_interval);
    config.dump_path.assign((char *) mcf->dump_file.data, mcf->dump_file.len);

    if (mcf->realms) {
        s = (ngx_str_t *) mcf->realms->elts;
        for (i = 0; i < mcf->realms->nelts; i++) {
            config.filter.realms.emplace_back((char *) s[i].data, s[i].len);
        }
    }

    config.filter.suffix.assign((char *) mcf->realm_suffix.data, mcf->realm_suffix.len);
    for (char &c : config.filter.suffix) {
        c = ngx_tolower(c);
    }
    config.filter.routing_tag.assign((char *) mcf->routing_tag.data, mcf->routing_tag.len);

    /* the guards compare each new table with the one routing now, even if it came from the dump */
    ngx_shm_zone_t  *zone = mcf->shm_zone;

    config.in_force = [zone]() {
        std::string  bytes;
        uint64_t     version;

        (void) ngx_http_drove_zone_copy(zone, &bytes, &version);
        return bytes;
    };

    return config;
}


static void
ngx_http_drove_exit_check(ngx_event_t *ev)
{
    if (ngx_exiting || ngx_quit || ngx_terminate) {
        ngx_http_drove_fetcher_stop();
        return;
    }

    ngx_add_timer(ev, NGX_HTTP_DROVE_EXIT_CHECK);
}


ngx_int_t
ngx_http_drove_fetcher_start(ngx_cycle_t *cycle)
{
    sigset_t                     all, saved;
    ngx_shm_zone_t              *zone;
    ngx_http_drove_main_conf_t  *mcf;

    if (!((ngx_process == NGX_PROCESS_WORKER && ngx_worker == 0)
          || ngx_process == NGX_PROCESS_SINGLE))
    {
        return NGX_OK;
    }

    mcf = (ngx_http_drove_main_conf_t *)
        ngx_http_cycle_get_module_main_conf(cycle, ngx_http_drove_module);
    if (mcf == NULL || mcf->controllers == NULL) {
        return NGX_OK;
    }

    zone = mcf->shm_zone;

    try {
        ngx_http_drove_fetcher = new drove::gateway::Fetcher(
            ngx_http_drove_fetcher_config(mcf),
            [zone](const std::string &bytes, const drove::gateway::RoutingTable &table,
                   std::string *error)
            {
                if (!ngx_http_drove_zone_publish(zone, bytes, table,
                                                 drove::gateway::Source::kController, error))
                {
                    return false;
                }
                ngx_log_error(NGX_LOG_NOTICE, ngx_cycle->log, 0,
                              "drove: published generation=%L vhosts=%uz bytes=%uz leader=%s",
                              (int64_t) table.generation, table.vhosts.size(), bytes.size(),
                              table.leader.c_str());
                return true;
            },
            [zone](const std::string &error)
            {
                ngx_http_drove_zone_error(zone, error);
                ngx_log_error(NGX_LOG_ERR, ngx_cycle->log, 0, "drove: sync error: %s",
                              error.c_str());
            });

        /* the thread must not take the worker's signals: nginx would notice them late */
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &saved);
        ngx_http_drove_fetcher->Start();
        pthread_sigmask(SIG_SETMASK, &saved, NULL);

    } catch (const std::exception &e) {
        ngx_log_error(NGX_LOG_ALERT, cycle->log, 0, "drove: fetcher not started: %s", e.what());
        return NGX_OK;
    }

    ngx_http_drove_exit_watch.handler = ngx_http_drove_exit_check;
    ngx_http_drove_exit_watch.log = cycle->log;
    ngx_http_drove_exit_watch.data = cycle;
    ngx_http_drove_exit_watch.cancelable = 1;
    ngx_add_timer(&ngx_http_drove_exit_watch, NGX_HTTP_DROVE_EXIT_CHECK);

    ngx_log_error(NGX_LOG_NOTICE, cycle->log, 0, "drove: fetcher started in worker %ui",
                  ngx_worker);

    return NGX_OK;
}


void
ngx_http_drove_fetcher_stop(void)
{
    if (ngx_http_drove_fetcher == NULL) {
        return;
    }

    delete ngx_http_drove_fetcher;  /* stops and joins the thread (~200 ms at most) */
    ngx_http_drove_fetcher = NULL;

    if (ngx_http_drove_exit_watch.timer_set) {
        ngx_del_timer(&ngx_http_drove_exit_watch);
    }
}
