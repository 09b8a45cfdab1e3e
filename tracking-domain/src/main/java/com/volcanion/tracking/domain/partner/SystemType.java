package com.volcanion.tracking.domain.partner;

/** What kind of client a partner system is. */
public enum SystemType {
    WEBSITE,
    IOS_APP,
    ANDROID_APP,
    BACKEND_SERVICE
}
