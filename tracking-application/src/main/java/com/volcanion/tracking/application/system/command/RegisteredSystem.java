package com.volcanion.tracking.application.system.command;

import com.volcanion.tracking.application.system.query.SystemView;

/** A new system and its plain API key: the only time the key is ever shown. */
public record RegisteredSystem(SystemView system, String apiKey) {

    @Override
    public String toString() {
        return "RegisteredSystem[system=" + system + ", apiKey=" + system.apiKeyPrefix() + "…]";
    }
}
