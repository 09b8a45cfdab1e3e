package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.query.CacheEntry;
import com.volcanion.tracking.application.query.GetStatisticsQuery;
import com.volcanion.tracking.application.query.StatisticsCache;
import com.volcanion.tracking.application.query.StatisticsView;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Statistics answers in Redis ({@link RedisAnswerCache}), under a key holding every query parameter and the
 * partner's {@link StatisticsCacheGenerations generation} as the lookup read it.
 */
@Component
public class RedisStatisticsCache implements StatisticsCache {

    private final RedisAnswerCache answers;
    private final StatisticsCacheGenerations generations;

    RedisStatisticsCache(RedisAnswerCache answers, StatisticsCacheGenerations generations) {
        this.answers = answers;
        this.generations = generations;
    }

    @Override
    public CacheEntry<StatisticsView> lookup(GetStatisticsQuery query) {
        return answers.lookup("statistics", () -> key(query), StatisticsView.class);
    }

    private String key(GetStatisticsQuery query) {
        return "stats:" + query.partnerId() + ":g" + generations.current(query.partnerId()) + ":" + query.from() + ":"
                + query.to() + ":" + query.systemId() + ":" + query.interval() + ":"
                + (query.eventName() == null ? "*" : "=" + URLEncoder.encode(query.eventName(), StandardCharsets.UTF_8));
    }
}
