/** Tracking events as stored: clock-skew correction and the validity verdict. Plain Java. */
package com.volcanion.tracking.domain.event;
