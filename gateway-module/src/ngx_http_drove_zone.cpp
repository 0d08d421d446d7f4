/*
 * The module's shared zone: the serialized routing table in force, one slot per cluster with its
 * sync facts (and its own table when several are merged), and the per-vhost counters. The writers
 * (the clusters' fetcher threads) swap in a fresh slab block under the pool's mutex; workers copy
 * the block out under the same mutex and parse it outside. The critical sections are a memcpy. The
 * zone keeps its contents across reloads (same name, size and tag), a cluster its slot by name; a
 * new zone starts from the clusters' dump files.
 */

#include "gateway-module/src/ngx_http_drove_module.h"

#include <malloc.h>
#include <sys/time.h>


#define NGX_HTTP_DROVE_DEFAULT_ZONE_SIZE  (16 * 1024 * 1024)
#define NGX_HTTP_DROVE_COUNTER_PROBES     32


static ngx_int_t ngx_http_drove_init_zone(ngx_shm_zone_t *shm_zone, void *data);
static void ngx_http_drove_zone_slots(ngx_shm_zone_t *zone, ngx_http_drove_main_conf_t *mcf);
static void ngx_http_drove_load_dump(ngx_shm_zone_t *shm_zone, ngx_http_drove_cluster_t *cluster);


static int64_t
ngx_http_drove_now_ms(void)
{
    struct timeval  tv;

    ngx_gettimeofday(&tv);
    return (int64_t) tv.tv_sec * 1000 + tv.tv_usec / 1000;
}


static ngx_int_t
ngx_http_drove_zone_add(ngx_conf_t *cf, ngx_http_drove_main_conf_t *mcf, ngx_str_t *name,
    size_t size)
{
    ngx_shm_zone_t  *zone;

    zone = ngx_shared_memory_add(cf, name, size, &ngx_http_drove_module);
    if (zone == NULL) {
        return NGX_ERROR;
    }

    if (zone->data) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "drove_zone \"%V\" is already used", name);
        return NGX_ERROR;
    }

    /* until init: the configuration (init_zone needs the dump file path) */
    zone->init = ngx_http_drove_init_zone;
    zone->data = mcf;
    mcf->shm_zone = zone;

    return NGX_OK;
}


char *
ngx_http_drove_zone(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_drove_main_conf_t *mcf = (ngx_http_drove_main_conf_t *) conf;

    ssize_t     size;
    ngx_str_t  *value;

    if (mcf->shm_zone != NULL) {
        return (char *) "is duplicate";
    }

    value = (ngx_str_t *) cf->args->elts;

    size = ngx_parse_size(&value[2]);
    if (size == NGX_ERROR || size < (ssize_t) (8 * ngx_pagesize)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "drove_zone \"%V\": invalid size \"%V\" "
                           "(at least %uz)", &value[1], &value[2], 8 * ngx_pagesize);
        return (char *) NGX_CONF_ERROR;
    }

    if (ngx_http_drove_zone_add(cf, mcf, &value[1], size) != NGX_OK) {
        return (char *) NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


ngx_int_t
ngx_http_drove_zone_default(ngx_conf_t *cf, ngx_http_drove_main_conf_t *mcf)
{
    static ngx_str_t  name = ngx_string("drove");

    return ngx_http_drove_zone_add(cf, mcf, &name, NGX_HTTP_DROVE_DEFAULT_ZONE_SIZE);
}


static ngx_int_t
ngx_http_drove_init_zone(ngx_shm_zone_t *shm_zone, void *data)
{
    ngx_http_drove_main_conf_t *mcf = (ngx_http_drove_main_conf_t *) shm_zone->data;

    size_t                      n;
    ngx_uint_t                  i;
    ngx_slab_pool_t            *shpool;
    ngx_http_drove_shctx_t     *sh;
    ngx_http_drove_cluster_t  **clusters;

    if (data) {
        /* reload with the same name, size and tag: the routing and the counters carry on */
        shm_zone->data = data;
        ngx_http_drove_zone_slots(shm_zone, mcf);
        return NGX_OK;
    }

    shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    if (shm_zone->shm.exists) {
        shm_zone->data = shpool->data;
        ngx_http_drove_zone_slots(shm_zone, mcf);
        return NGX_OK;
    }

    sh = (ngx_http_drove_shctx_t *) ngx_slab_calloc(shpool, sizeof(ngx_http_drove_shctx_t));
    if (sh == NULL) {
        return NGX_ERROR;
    }

    /* about 1/16 of the zone counts vhosts; the rest holds routing tables */
    n = shm_zone->shm.size / 16 / sizeof(ngx_http_drove_counter_t);
    sh->ncounters = ngx_max(64, ngx_min(n, 65536));
    sh->counters = (ngx_http_drove_counter_t *)
        ngx_slab_calloc(shpool, sh->ncounters * sizeof(ngx_http_drove_counter_t));
    if (sh->counters == NULL) {
        return NGX_ERROR;
    }

    shpool->data = sh;
    shm_zone->data = sh;

    /* a failed allocation is reported as "zone too small" by the publisher, with the sizes */
    shpool->log_nomem = 0;
    shpool->log_ctx = (u_char *) ngx_slab_alloc(shpool, sizeof(" in drove zone \"\"")
                                                + shm_zone->shm.name.len);
    if (shpool->log_ctx == NULL) {
        return NGX_ERROR;
    }
    ngx_sprintf(shpool->log_ctx, " in drove zone \"%V\"%Z", &shm_zone->shm.name);

    ngx_http_drove_zone_slots(shm_zone, mcf);

    clusters = (ngx_http_drove_cluster_t **) mcf->clusters.elts;
    for (i = 0; i < mcf->clusters.nelts; i++) {
        if (clusters[i]->dump_file.len) {
            ngx_http_drove_load_dump(shm_zone, clusters[i]);
        }
    }

    try {
        if (clusters[0]->merged) {
            (void) ngx_http_drove_merge_start(mcf, ngx_cycle->log);
        }

    } catch (const std::exception &e) {
        ngx_log_error(NGX_LOG_ERR, ngx_cycle->log, 0, "drove: dumps not merged: %s", e.what());
    }

    /* workers fork from the master: what parsing a large dump freed would stay resident in every
     * one of them */
    malloc_trim(0);

    return NGX_OK;
}


static bool
ngx_http_drove_slot_is(ngx_http_drove_slot_t *slot, ngx_str_t *name)
{
    return ngx_strncmp(slot->name, name->data, name->len) == 0 && slot->name[name->len] == '\0';
}


/* The slot of a cluster's name; NULL when no slot has it. */
static ngx_http_drove_slot_t *
ngx_http_drove_slot_named(ngx_http_drove_shctx_t *sh, ngx_str_t *name)
{
    ngx_uint_t  i;

    for (i = 0; i < NGX_HTTP_DROVE_MAX_CLUSTERS; i++) {
        if (ngx_http_drove_slot_is(&sh->slots[i], name)) {
            return &sh->slots[i];
        }
    }

    return NULL;
}


/* Whether a configured cluster has this slot. */
static bool
ngx_http_drove_slot_configured(ngx_http_drove_slot_t *slot, ngx_http_drove_main_conf_t *mcf)
{
    ngx_uint_t                  k;
    ngx_http_drove_cluster_t  **clusters;

    clusters = (ngx_http_drove_cluster_t **) mcf->clusters.elts;

    for (k = 0; k < mcf->clusters.nelts; k++) {
        if (ngx_http_drove_slot_is(slot, &clusters[k]->name)) {
            return true;
        }
    }

    return false;
}


/* Each cluster finds its slot by name; a new name takes a slot no configured cluster names (free,
 * or left by a cluster a reload removed). There are as many slots as clusters may be configured. */
static void
ngx_http_drove_zone_slots(ngx_shm_zone_t *zone, ngx_http_drove_main_conf_t *mcf)
{
    ngx_uint_t                  i, c;
    ngx_slab_pool_t            *shpool;
    ngx_http_drove_slot_t      *slot;
    ngx_http_drove_shctx_t     *sh;
    ngx_http_drove_cluster_t  **clusters;

    sh = (ngx_http_drove_shctx_t *) zone->data;
    shpool = (ngx_slab_pool_t *) zone->shm.addr;
    clusters = (ngx_http_drove_cluster_t **) mcf->clusters.elts;

    ngx_shmtx_lock(&shpool->mutex);

    for (c = 0; c < mcf->clusters.nelts; c++) {
        slot = ngx_http_drove_slot_named(sh, &clusters[c]->name);
        if (slot != NULL) {
            clusters[c]->slot = slot - sh->slots;
            continue;
        }

        /* ends within the slots: this cluster has none, and the others fewer than all */
        for (i = 0; ngx_http_drove_slot_configured(&sh->slots[i], mcf); i++) {
            /* void */
        }

        slot = &sh->slots[i];
        if (slot->table.data) {
            ngx_slab_free_locked(shpool, slot->table.data);
        }
        ngx_memzero(slot, sizeof(ngx_http_drove_slot_t));
        ngx_memcpy(slot->name, clusters[c]->name.data, clusters[c]->name.len);
        clusters[c]->slot = i;
    }

    ngx_shmtx_unlock(&shpool->mutex);
}


/* A new zone starts from the last good snapshot on disk, so nginx routes at once even while every
 * controller is down. */
static void
ngx_http_drove_load_dump(ngx_shm_zone_t *shm_zone, ngx_http_drove_cluster_t *cluster)
{
    ngx_str_t    *path;
    std::string   bytes, error;

    path = &cluster->dump_file;

    if (!drove::gateway::ReadWholeFile(ngx_http_drove_string(path), &bytes, &error))
    {
        ngx_log_error(NGX_LOG_NOTICE, ngx_cycle->log, 0,
                      "drove: cluster %V: no snapshot loaded: %s", &cluster->name, error.c_str());
        return;
    }

    auto table = drove::gateway::DeserializeTable(bytes);
    if (!table.ok()) {
        error = "dump file " + ngx_http_drove_string(path) + " refused: "
                + table.error();
    }

    if (table.ok()
        && ngx_http_drove_zone_publish(shm_zone, cluster, bytes, *table,
                                       drove::gateway::Source::kDump, &error))
    {
        ngx_log_error(NGX_LOG_NOTICE, ngx_cycle->log, 0,
                      "drove: cluster %V: loaded snapshot generation=%L vhosts=%uz from \"%V\"",
                      &cluster->name, (int64_t) table->generation, table->vhosts.size(), path);
        return;
    }

    ngx_log_error(NGX_LOG_ERR, ngx_cycle->log, 0, "drove: cluster %V: %s", &cluster->name,
                  error.c_str());
    ngx_http_drove_zone_error(shm_zone, cluster, error);
}


static void
ngx_http_drove_copy_cstr(u_char *dst, size_t size, const std::string &src)
{
    size_t  n;

    n = ngx_min(src.size(), size - 1);
    ngx_memcpy(dst, src.data(), n);
    dst[n] = '\0';
}


/* Where the next table goes, under the mutex: the block in use when it fits (workers copy only under
 * the mutex, and each worker keeps touching the same shared pages instead of two alternating
 * blocks), else a new block with room to grow, the old one freed. NULL when the zone is full. */
static u_char *
ngx_http_drove_table_block(ngx_slab_pool_t *shpool, ngx_http_drove_block_t *block, size_t size)
{
    u_char  *p;
    size_t   room;

    if (block->data && size <= block->size) {
        return block->data;
    }

    room = size + size / 8;
    p = (u_char *) ngx_slab_alloc_locked(shpool, room);
    if (p == NULL) {
        room = size;
        p = (u_char *) ngx_slab_alloc_locked(shpool, room);
    }

    if (p == NULL) {
        return NULL;
    }

    if (block->data) {
        ngx_slab_free_locked(shpool, block->data);
    }

    block->data = p;
    block->size = room;

    return p;
}


/* `bytes` into `block`, under the mutex; false with *error set when the zone has no room. */
static bool
ngx_http_drove_block_store(ngx_shm_zone_t *zone, ngx_http_drove_block_t *block,
    const std::string &bytes, std::string *error)
{
    u_char  *p;

    p = ngx_http_drove_table_block((ngx_slab_pool_t *) zone->shm.addr, block, bytes.size());
    if (p == NULL) {
        *error = "drove_zone \"" + ngx_http_drove_string(&zone->shm.name)
                 + "\" (" + std::to_string(zone->shm.size) + " bytes) too small for a routing "
                 "table of " + std::to_string(bytes.size()) + " bytes: last good snapshot kept";
        return false;
    }

    ngx_memcpy(p, bytes.data(), bytes.size());
    block->len = bytes.size();

    return true;
}


bool
ngx_http_drove_zone_publish(ngx_shm_zone_t *zone, ngx_http_drove_cluster_t *cluster,
    const std::string &bytes, const drove::gateway::RoutingTable &table,
    drove::gateway::Source source, std::string *error)
{
    ngx_slab_pool_t         *shpool;
    ngx_http_drove_slot_t   *slot;
    ngx_http_drove_shctx_t  *sh;

    sh = (ngx_http_drove_shctx_t *) zone->data;
    shpool = (ngx_slab_pool_t *) zone->shm.addr;
    slot = &sh->slots[cluster->slot];

    ngx_shmtx_lock(&shpool->mutex);

    if (!ngx_http_drove_block_store(zone, cluster->merged ? &slot->table : &sh->table, bytes,
                                    error))
    {
        ngx_shmtx_unlock(&shpool->mutex);
        return false;
    }

    slot->generation = table.generation;
    slot->source = (ngx_uint_t) source;
    slot->last_sync_ms = table.fetched_at_ms;
    ngx_http_drove_copy_cstr(slot->leader, sizeof(slot->leader), table.leader);

    if (source == drove::gateway::Source::kController) {
        slot->sync_count++;
    }

    if (!cluster->merged) {
        ngx_memory_barrier();
        sh->version++;
    }

    ngx_shmtx_unlock(&shpool->mutex);

    return true;
}


bool
ngx_http_drove_zone_route(ngx_shm_zone_t *zone, const std::string &bytes, std::string *error)
{
    bool                     stored;
    ngx_slab_pool_t         *shpool;
    ngx_http_drove_shctx_t  *sh;

    sh = (ngx_http_drove_shctx_t *) zone->data;
    shpool = (ngx_slab_pool_t *) zone->shm.addr;

    ngx_shmtx_lock(&shpool->mutex);

    stored = ngx_http_drove_block_store(zone, &sh->table, bytes, error);
    if (stored) {
        ngx_memory_barrier();
        sh->version++;
    }

    ngx_shmtx_unlock(&shpool->mutex);

    return stored;
}


void
ngx_http_drove_zone_error(ngx_shm_zone_t *zone, ngx_http_drove_cluster_t *cluster,
    const std::string &error)
{
    ngx_slab_pool_t         *shpool;
    ngx_http_drove_slot_t   *slot;
    ngx_http_drove_shctx_t  *sh;

    sh = (ngx_http_drove_shctx_t *) zone->data;
    shpool = (ngx_slab_pool_t *) zone->shm.addr;
    slot = &sh->slots[cluster->slot];

    ngx_shmtx_lock(&shpool->mutex);
    ngx_http_drove_copy_cstr(slot->last_error, sizeof(slot->last_error), error);
    slot->last_error_ms = ngx_http_drove_now_ms();
    slot->sync_errors++;
    ngx_shmtx_unlock(&shpool->mutex);
}


bool
ngx_http_drove_zone_copy(ngx_shm_zone_t *zone, ngx_http_drove_cluster_t *cluster,
    std::string *bytes, uint64_t *version)
{
    bool                     found;
    ngx_slab_pool_t         *shpool;
    ngx_http_drove_block_t  *block;
    ngx_http_drove_shctx_t  *sh;

    sh = (ngx_http_drove_shctx_t *) zone->data;
    shpool = (ngx_slab_pool_t *) zone->shm.addr;
    block = (cluster && cluster->merged) ? &sh->slots[cluster->slot].table : &sh->table;

    ngx_shmtx_lock(&shpool->mutex);
    found = block->data != NULL;
    if (found) {
        bytes->assign((char *) block->data, block->len);
    }
    *version = sh->version;
    ngx_shmtx_unlock(&shpool->mutex);

    return found;
}


void
ngx_http_drove_zone_info(ngx_shm_zone_t *zone, ngx_http_drove_cluster_t *cluster,
    drove::gateway::SyncInfo *info)
{
    ngx_slab_pool_t         *shpool;
    ngx_http_drove_slot_t   *slot;
    ngx_http_drove_shctx_t  *sh;

    sh = (ngx_http_drove_shctx_t *) zone->data;
    shpool = (ngx_slab_pool_t *) zone->shm.addr;
    slot = &sh->slots[cluster->slot];

    ngx_shmtx_lock(&shpool->mutex);

    info->generation = slot->generation;
    info->source = (drove::gateway::Source) slot->source;
    info->leader = (char *) slot->leader;
    info->last_sync_ms = slot->last_sync_ms;
    info->last_error = (char *) slot->last_error;
    info->last_error_ms = slot->last_error_ms;
    info->sync_count = slot->sync_count;
    info->sync_errors = slot->sync_errors;

    ngx_shmtx_unlock(&shpool->mutex);
}


void
ngx_http_drove_zone_routing(ngx_shm_zone_t *zone, drove::gateway::RoutingInfo *info,
    std::vector<drove::gateway::VhostCounters> *counters)
{
    ngx_uint_t                 i;
    ngx_slab_pool_t           *shpool;
    ngx_http_drove_shctx_t    *sh;
    ngx_http_drove_counter_t  *c;

    sh = (ngx_http_drove_shctx_t *) zone->data;
    shpool = (ngx_slab_pool_t *) zone->shm.addr;

    ngx_shmtx_lock(&shpool->mutex);

    info->version = sh->version;
    info->unrouted = sh->unrouted;

    for (i = 0; counters != NULL && i < sh->ncounters; i++) {
        c = &sh->counters[i];
        if (c->hash != 0) {
            counters->push_back({(char *) c->name, c->requests, c->failures});
        }
    }

    ngx_shmtx_unlock(&shpool->mutex);
}


static ngx_uint_t
ngx_http_drove_counter_hash(ngx_str_t *vhost)
{
    ngx_uint_t  h;

    h = ngx_hash_key(vhost->data, vhost->len);
    return h ? h : 1;
}


static bool
ngx_http_drove_counter_is(ngx_http_drove_counter_t *c, ngx_str_t *vhost)
{
    size_t  n;

    n = ngx_min(vhost->len, NGX_HTTP_DROVE_NAME_LEN - 1);
    return ngx_strncmp(c->name, vhost->data, n) == 0 && c->name[n] == '\0';
}


/* The vhost's counters: found without the lock (hash, then name); a new vhost takes a slot under the
 * lock. Probes stop after NGX_HTTP_DROVE_COUNTER_PROBES slots, so a full table costs every request
 * a few reads, not a scan of the table and the lock. NULL when no slot is in reach. */
ngx_http_drove_counter_t *
ngx_http_drove_counter(ngx_shm_zone_t *zone, ngx_str_t *vhost)
{
    size_t                     n;
    ngx_uint_t                 h, i, k, probes;
    ngx_slab_pool_t           *shpool;
    ngx_http_drove_shctx_t    *sh;
    ngx_http_drove_counter_t  *c;

    sh = (ngx_http_drove_shctx_t *) zone->data;
    h = ngx_http_drove_counter_hash(vhost);
    c = NULL;

    probes = ngx_min(sh->ncounters, NGX_HTTP_DROVE_COUNTER_PROBES);

    for (k = 0; k < probes; k++) {
        c = &sh->counters[(h + k) % sh->ncounters];
        if (c->hash == 0) {
            break;
        }
        if (c->hash == h && ngx_http_drove_counter_is(c, vhost)) {
            return c;
        }
    }

    /* no free slot within reach: the vhost goes uncounted, without taking the lock on every
     * request */
    if (k == probes) {
        return NULL;
    }

    shpool = (ngx_slab_pool_t *) zone->shm.addr;
    ngx_shmtx_lock(&shpool->mutex);

    for (k = 0; k < probes; k++) {
        i = (h + k) % sh->ncounters;
        c = &sh->counters[i];
        if (c->hash == h && ngx_http_drove_counter_is(c, vhost)) {
            break;
        }
        if (c->hash == 0) {
            n = ngx_min(vhost->len, NGX_HTTP_DROVE_NAME_LEN - 1);
            ngx_memcpy(c->name, vhost->data, n);
            c->name[n] = '\0';
            ngx_memory_barrier();
            c->hash = h;
            break;
        }
    }

    ngx_shmtx_unlock(&shpool->mutex);

    return k < probes ? c : NULL;
}
