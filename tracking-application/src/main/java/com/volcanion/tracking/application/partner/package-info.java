/** Registering, changing and listing partners. */
package com.volcanion.tracking.application.partner;
