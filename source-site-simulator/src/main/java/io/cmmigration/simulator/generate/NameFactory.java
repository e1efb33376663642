package io.cmmigration.simulator.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Produces the names of real-world consoles: mostly plain, some in Japanese or German or with an emoji, a few exactly at
 * the column limit, some duplicates of earlier names. Exact-limit names stay in the Basic Multilingual Plane so they also
 * fit NVARCHAR(n) on SQL Server (which counts UTF-16 units).
 */
final class NameFactory {

    private static final String[] UNICODE_DECORATIONS = {
            "ソフトウェア配布", "日本語アプリ", "Größenänderung", "Übersicht Büro", "Straße & Söhne", "📦", "🚀 Rollout",
            "Déploiement élevé", "Кириллица", "中文软件"
    };
    private static final String LONG_FILLER = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
            + "tempor incididunt ut labore et dolore magna aliqua Ut enim ad minim veniam quis nostrud exercitation ullamco ";

    private final Random random;
    private final List<String> recent = new ArrayList<>();

    NameFactory(Random random) {
        this.random = random;
    }

    /** A name derived from {@code base}, at most {@code limit} characters, sometimes messy. */
    String name(String base, int limit) {
        int roll = random.nextInt(100);
        String name;
        if (roll < 2 && !recent.isEmpty()) {
            name = recent.get(random.nextInt(recent.size()));
        } else if (roll < 3) {
            name = atLimit(base, limit);
        } else if (roll < 7) {
            String deco = UNICODE_DECORATIONS[random.nextInt(UNICODE_DECORATIONS.length)];
            name = random.nextBoolean() ? deco + " " + base : base + " " + deco;
        } else {
            name = base;
        }
        name = truncate(name, limit);
        if (recent.size() < 200) {
            recent.add(name);
        } else {
            recent.set(random.nextInt(200), name);
        }
        return name;
    }

    /** A name exactly {@code limit} characters long. */
    static String atLimit(String base, int limit) {
        StringBuilder sb = new StringBuilder(base).append(" - ");
        while (sb.length() < limit) {
            sb.append(LONG_FILLER);
        }
        return sb.substring(0, limit);
    }

    static String truncate(String s, int limit) {
        if (s.codePointCount(0, s.length()) <= limit) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, limit));
    }
}
