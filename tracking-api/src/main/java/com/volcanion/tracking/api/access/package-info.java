/** Partner tokens (issued and revoked by the operator) and the audit trail of a partner. */
package com.volcanion.tracking.api.access;
