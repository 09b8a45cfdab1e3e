package com.volcanion.tracking.application.structure.command;

import com.volcanion.tracking.application.structure.query.EventStructureView;

/** The structure after a definition, and whether it was created by it (rather than replaced). */
public record DefinedEventStructure(EventStructureView structure, boolean created) {
}
