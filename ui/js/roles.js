// Which action buttons and panels each Drove role may use (the server enforces; the UI only hides).

const kAppActions = ['scale', 'suspend', 'restart', 'cancel', 'destroy', 'kill'];
const kMaintenanceActions = ['blacklist', 'unblacklist', 'maintenance-on', 'maintenance-off'];

const kActionsByRole = {
  EXTERNAL_ROOT: [...kAppActions, ...kMaintenanceActions],
  EXTERNAL_READ_WRITE: kAppActions,
  DROVE_EXTERNAL_MAINTENANCE: kMaintenanceActions,
  EXTERNAL_READ_ONLY: [],
};

// The log APIs admit ROOT, RW and RO only: Drove shows MAINTENANCE users a panel they then get 403
// on.
const kLogRoles = new Set(['EXTERNAL_ROOT', 'EXTERNAL_READ_WRITE', 'EXTERNAL_READ_ONLY']);

export function allowedActions(role) {
  return new Set(kActionsByRole[role] || []);
}

export function canReadLogs(role) {
  return kLogRoles.has(role);
}
