/** Delivery of domain events to listeners in this process, after the transaction that caused them commits. */
package com.volcanion.tracking.infrastructure.event;
