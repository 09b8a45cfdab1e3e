/** Partner tokens (issued, listed, revoked, authenticated) and reading the audit trail. */
package com.volcanion.tracking.application.access;
