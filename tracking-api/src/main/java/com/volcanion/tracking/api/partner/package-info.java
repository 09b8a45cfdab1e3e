/** {@code /api/partners}: register, list, read and change partners (admin token). */
package com.volcanion.tracking.api.partner;
