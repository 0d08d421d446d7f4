// drove-epoch's calls (epoch-api.md section 1): /apis/v1 in Epoch's envelope, which api.js
// unwraps, plus the UI's own form endpoints and the cron preview.
import {get, kApi, request, seg} from '../api.js';

export const topologies = () => get('/topologies');
export const topology = (id) => get(`/topologies/${seg(id)}`);
export const runs = (id) => get(`/topologies/${seg(id)}/runs`);
export const runNow = (id) => request('PUT', `${kApi}/topologies/${seg(id)}/run`);
export const pause = (id) => request('PUT', `${kApi}/topologies/${seg(id)}/pause`);
export const unpause = (id) => request('PUT', `${kApi}/topologies/${seg(id)}/unpause`);
export const remove = (id) => request('DELETE', `${kApi}/topologies/${seg(id)}`);

// The Drove task page of one task of a run, on the controller (Epoch's "log" link).
export const taskLink = (id, runId, taskName) =>
    get(`/topologies/${seg(id)}/runs/${seg(runId)}/tasks/${seg(taskName)}/log`);

// {redirectUrl, topologyId}
export const create = (body) => request('POST', '/topologies/create', {body});
export const update = (id, body) => request('PUT', `/topologies/${seg(id)}/update`, {body});

// {valid, error?, zone, next: [epoch ms, ...]}: the next `count` fire times, as the scheduler
// computes them.
export const cronPreview = (expression, count = 5) =>
    get(`/ui/cron?expression=${encodeURIComponent(expression)}&count=${count}`);
