/*
 * The fetchers: worker 0 (or the single process) runs one drove::gateway::Fetcher thread per
 * cluster, which publishes the cluster's new tables into the shared zone and, when several are
 * merged, hands them to one RoutingMerger that publishes the merge. Never in the master, the cache
 * manager or the cache loader. They stop as soon as the worker starts exiting (reload, quit), so an
 * old worker never competes with the new one's fetchers.
 */

#include "gateway-module/src/ngx_http_drove_module.h"

#include <signal.h>

#include <exception>


#define NGX_HTTP_DROVE_EXIT_CHECK  200


static std::vector<std::unique_ptr<drove::gateway::Fetcher>>  ngx_http_drove_fetchers;
static std::unique_ptr<drove::gateway::RoutingMerger>         ngx_http_drove_routing;
static ngx_event_t                                            ngx_http_drove_exit_watch;


static drove::gateway::FetcherConfig
ngx_http_drove_fetcher_config(ngx_http_drove_main_conf_t *mcf, ngx_http_drove_cluster_t *cluster)
{
    ngx_shm_zone_t                 *zone;
    drove::gateway::FetcherConfig   config;

    config.controllers = ngx_http_drove_strings(cluster->controllers);
    config.authorization = ngx_http_drove_string(&cluster->authorization);
    config.tls_verify = cluster->tls_verify;
    config.tls_ca_file = ngx_http_drove_string(&cluster->tls_trusted_certificate);
    config.tls_cert_file = ngx_http_drove_string(&cluster->tls_certificate);
    config.tls_key_file = ngx_http_drove_string(&cluster->tls_certificate_key);
    config.mode = (drove::gateway::SyncMode) cluster->sync_mode;
    config.poll_interval = std::chrono::milliseconds(cluster->poll_interval);
    config.dump_path = ngx_http_drove_string(&cluster->dump_file);

    config.filter.realms = ngx_http_drove_strings(cluster->realms);
    config.filter.suffix = ngx_http_drove_string(&cluster->realm_suffix);
    for (char &c : config.filter.suffix) {
        c = ngx_tolower(c);
    }
    config.filter.routing_tag = ngx_http_drove_string(&mcf->routing_tag);

    /* the guards compare each new table with the cluster's table in force, even from the dump */
    zone = mcf->shm_zone;

    config.in_force = [zone, cluster]() {
        std::string  bytes;
        uint64_t     version;

        (void) ngx_http_drove_zone_copy(zone, cluster, &bytes, &version);
        return bytes;
    };

    return config;
}


/* The cluster's new table into the zone, then into the merge when there is one. */
static bool
ngx_http_drove_publish(ngx_shm_zone_t *zone, ngx_http_drove_cluster_t *cluster,
    const std::string &bytes, const drove::gateway::RoutingTable &table, std::string *error)
{
    if (!ngx_http_drove_zone_publish(zone, cluster, bytes, table,
                                     drove::gateway::Source::kController, error))
    {
        return false;
    }

    ngx_log_error(NGX_LOG_NOTICE, ngx_cycle->log, 0,
                  "drove: cluster %V published generation=%L vhosts=%uz bytes=%uz leader=%s",
                  &cluster->name, (int64_t) table.generation, table.vhosts.size(), bytes.size(),
                  table.leader.c_str());

    return ngx_http_drove_routing == nullptr
           || ngx_http_drove_routing->Update(cluster->index, table, error);
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


static void
ngx_http_drove_fetcher_add(ngx_http_drove_main_conf_t *mcf, ngx_http_drove_cluster_t *cluster)
{
    ngx_shm_zone_t  *zone = mcf->shm_zone;

    auto fetcher = std::make_unique<drove::gateway::Fetcher>(
        ngx_http_drove_fetcher_config(mcf, cluster),
        [zone, cluster](const std::string &bytes, const drove::gateway::RoutingTable &table,
                        std::string *error)
        {
            return ngx_http_drove_publish(zone, cluster, bytes, table, error);
        },
        [zone, cluster](const std::string &error)
        {
            ngx_http_drove_zone_error(zone, cluster, error);
            ngx_log_error(NGX_LOG_ERR, ngx_cycle->log, 0, "drove: cluster %V sync error: %s",
                          &cluster->name, error.c_str());
        });

    fetcher->Start();
    ngx_http_drove_fetchers.push_back(std::move(fetcher));
}


ngx_int_t
ngx_http_drove_fetcher_start(ngx_cycle_t *cycle)
{
    ngx_uint_t                   i;
    sigset_t                     all, saved;
    ngx_http_drove_cluster_t   **clusters;
    ngx_http_drove_main_conf_t  *mcf;

    if (!((ngx_process == NGX_PROCESS_WORKER && ngx_worker == 0)
          || ngx_process == NGX_PROCESS_SINGLE))
    {
        return NGX_OK;
    }

    mcf = (ngx_http_drove_main_conf_t *)
        ngx_http_cycle_get_module_main_conf(cycle, ngx_http_drove_module);
    if (mcf == NULL) {
        return NGX_OK;
    }

    clusters = (ngx_http_drove_cluster_t **) mcf->clusters.elts;

    /* the threads must not take the worker's signals: nginx would notice them late */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &saved);

    try {
        if (clusters[0]->merged) {
            ngx_http_drove_routing = ngx_http_drove_merge_start(mcf, cycle->log);
        }

        for (i = 0; i < mcf->clusters.nelts; i++) {
            if (clusters[i]->controllers) {
                ngx_http_drove_fetcher_add(mcf, clusters[i]);
            }
        }

    } catch (const std::exception &e) {
        ngx_log_error(NGX_LOG_ALERT, cycle->log, 0, "drove: fetchers not started: %s", e.what());
    }

    pthread_sigmask(SIG_SETMASK, &saved, NULL);

    if (ngx_http_drove_fetchers.empty()) {
        return NGX_OK;
    }

    ngx_http_drove_exit_watch.handler = ngx_http_drove_exit_check;
    ngx_http_drove_exit_watch.log = cycle->log;
    ngx_http_drove_exit_watch.data = cycle;
    ngx_http_drove_exit_watch.cancelable = 1;
    ngx_add_timer(&ngx_http_drove_exit_watch, NGX_HTTP_DROVE_EXIT_CHECK);

    ngx_log_error(NGX_LOG_NOTICE, cycle->log, 0, "drove: %uz fetchers started in worker %ui",
                  ngx_http_drove_fetchers.size(), ngx_worker);

    return NGX_OK;
}


void
ngx_http_drove_fetcher_stop(void)
{
    /* all threads told at once, then each joined (~200 ms in all); then the merge they fed goes */
    for (auto &fetcher : ngx_http_drove_fetchers) {
        fetcher->RequestStop();
    }
    ngx_http_drove_fetchers.clear();
    ngx_http_drove_routing.reset();

    if (ngx_http_drove_exit_watch.timer_set) {
        ngx_del_timer(&ngx_http_drove_exit_watch);
    }
}
