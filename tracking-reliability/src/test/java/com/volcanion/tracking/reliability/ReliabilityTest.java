package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A reliability test: a fresh database on the machine's PostgreSQL, the service nodes it starts on it, and both
 * gone afterwards. A subclass's own {@code @AfterEach} (restarting a stopped server) runs before this one.
 */
abstract class ReliabilityTest {

    protected final String database = MachineServices.createDatabase("tracking_rel");
    /** The nodes this test started, in order. */
    protected final List<ServiceNode> nodes = new ArrayList<>();

    /** Starts a node of the service on this test's database and waits until it is ready. */
    protected ServiceNode startNode(String name, Map<String, String> settings) {
        ServiceNode node = new ServiceNode(name, database, settings);
        nodes.add(node);
        return node.start();
    }

    /** The node started last. */
    protected ServiceNode node() {
        return nodes.getLast();
    }

    @AfterEach
    void stopNodesAndDropTheDatabase() {
        nodes.forEach(ServiceNode::close);
        MachineServices.dropDatabase(database);
    }
}
