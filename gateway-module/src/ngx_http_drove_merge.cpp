/*
 * Several clusters' routing: each cluster's table sits in its slot of the zone; one
 * drove::gateway::RoutingMerger (in worker 0, fed by the clusters' fetchers) publishes their merge
 * as the table workers route with. A new zone gets the merge of the dumps in the master.
 */

#include "gateway-module/src/ngx_http_drove_module.h"


static std::unique_ptr<drove::gateway::RoutingMerger>
ngx_http_drove_merger(ngx_http_drove_main_conf_t *mcf)
{
    uint64_t                                                version;
    ngx_uint_t                                              i;
    std::string                                             bytes;
    ngx_shm_zone_t                                         *zone;
    ngx_http_drove_cluster_t                              **clusters;
    std::vector<std::optional<drove::gateway::RoutingTable>>  tables;

    zone = mcf->shm_zone;
    clusters = (ngx_http_drove_cluster_t **) mcf->clusters.elts;

    for (i = 0; i < mcf->clusters.nelts; i++) {
        auto &table = tables.emplace_back();
        if (ngx_http_drove_zone_copy(zone, clusters[i], &bytes, &version)) {
            auto read = drove::gateway::DeserializeTable(bytes);
            if (read.ok()) {
                table = std::move(*read);
            }
        }
    }

    return std::make_unique<drove::gateway::RoutingMerger>(
        ngx_http_drove_cluster_specs(mcf), std::move(tables),
        [zone](const std::string &serialized, const drove::gateway::RoutingTable &merged,
               std::string *error)
        {
            return ngx_http_drove_zone_route(zone, serialized, error);
        });
}


/* The merge publishes what the zone holds at once: a new zone's dumps (in the master), or, in a new
 * worker 0, the tables a reload may have given other priorities or leader vhosts. */
std::unique_ptr<drove::gateway::RoutingMerger>
ngx_http_drove_merge_start(ngx_http_drove_main_conf_t *mcf, ngx_log_t *log)
{
    std::string  error;

    auto merger = ngx_http_drove_merger(mcf);
    if (!merger->Publish(&error)) {
        ngx_log_error(NGX_LOG_ERR, log, 0, "drove: %s", error.c_str());
    }

    return merger;
}
