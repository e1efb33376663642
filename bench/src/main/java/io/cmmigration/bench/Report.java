package io.cmmigration.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmmigration.events.EventCodec;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Prints the result table and writes it as JSON and as a PNG chart of the ratios. */
public final class Report {

    private Report() {
    }

    public static String table(List<Figure> figures) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-52s %14s %22s %14s %22s %8s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "figure", "ours (median)", "min..max", "baseline", "baseline min..max", "ratio", "target"));
        for (Figure f : figures) {
            sb.append(String.format(Locale.ROOT, fmt, f.name() + " [" + f.unit() + "]", num(f.ours().median()),
                    num(f.ours().min()) + ".." + num(f.ours().max()),
                    f.baseline() == null ? "-" : num(f.baseline().median()),
                    f.baseline() == null ? "-" : num(f.baseline().min()) + ".." + num(f.baseline().max()),
                    Double.isNaN(f.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", f.ratio()), f.target()));
            if (f.baselineName() != null || f.note() != null) {
                sb.append("      ").append(f.baselineName() == null ? "" : "baseline: " + f.baselineName())
                        .append(f.note() == null ? "" : (f.baselineName() == null ? "" : "; ") + f.note()).append('\n');
            }
        }
        return sb.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    public static void writeJson(Path file, Map<String, Object> context, List<Figure> figures) throws IOException {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("generatedAt", Instant.now().toString());
        root.set("context", EventCodec.mapper().valueToTree(context));
        ArrayNode arr = root.putArray("figures");
        for (Figure f : figures) {
            ObjectNode n = arr.addObject();
            n.put("name", f.name());
            n.put("unit", f.unit());
            n.set("ours", stats(f.ours()));
            if (f.baseline() != null) {
                n.set("baseline", stats(f.baseline()));
                n.put("baselineName", f.baselineName());
                n.put("ratio", f.ratio());
            }
            n.put("target", f.target());
            n.put("note", f.note());
        }
        Files.createDirectories(file.getParent());
        EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static ObjectNode stats(Stats s) {
        ObjectNode n = EventCodec.mapper().createObjectNode();
        n.put("median", s.median());
        n.put("min", s.min());
        n.put("max", s.max());
        n.put("p99", s.percentile(99));
        ArrayNode a = n.putArray("samples");
        s.samples().forEach(a::add);
        return n;
    }

    /** Horizontal bars: each figure's ours/baseline ratio (log scale), with 1.0 marked; figures without baseline omitted. */
    public static void writePng(Path file, List<Figure> figures) throws IOException {
        List<Figure> withRatio = figures.stream().filter(f -> !Double.isNaN(f.ratio())).toList();
        int rowH = 34;
        int w = 1100;
        int h = 90 + Math.max(1, withRatio.size()) * rowH;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("ConfigMgr migration platform: ours / baseline (same run, medians; log scale)", 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x0 = 470;
        int x1 = w - 40;
        double lo = Math.log10(0.01);
        double hi = Math.log10(1000);
        java.util.function.DoubleUnaryOperator x = r -> x0 + (Math.log10(Math.max(0.01, Math.min(1000, r))) - lo) / (hi - lo) * (x1 - x0);
        int y = 60;
        for (Figure f : withRatio) {
            g.setColor(Color.BLACK);
            g.drawString(f.name(), 20, y + 18);
            double r = f.ratio();
            boolean good = f.higherIsBetter() ? r >= 1 : r <= 1;
            g.setColor(good ? new Color(0x0072B2) : new Color(0xE69F00)); // Okabe-Ito blue / orange
            int xs = (int) x.applyAsDouble(1.0);
            int xe = (int) x.applyAsDouble(r);
            g.fillRect(Math.min(xs, xe), y + 6, Math.max(2, Math.abs(xe - xs)), rowH - 12);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f×", r), Math.max(xs, xe) + 6, y + 20);
            y += rowH;
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1.5f));
        int one = (int) x.applyAsDouble(1.0);
        g.drawLine(one, 50, one, h - 20);
        g.drawString("1× (baseline)", one + 4, h - 8);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
