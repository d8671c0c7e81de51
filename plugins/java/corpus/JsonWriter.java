import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class JsonWriter {
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String write(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String s) {
            return quote(s);
        } else if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        } else if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(separator).append(quote(String.valueOf(entry.getKey()))).append(':');
                out.append(write(entry.getValue()));
                separator = ",";
            }
            return out.append('}').toString();
        } else if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(write(list.get(i)));
            }
            return out.append(']').toString();
        }
        throw new IllegalArgumentException("cannot write " + value.getClass());
    }

    public static void main(String[] args) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "lint \"seq\"");
        doc.put("tags", List.of("a", "b"));
        doc.put("count", 3);
        doc.put("nested", Map.of("ok", true));
        System.out.println(write(doc));
    }
}
