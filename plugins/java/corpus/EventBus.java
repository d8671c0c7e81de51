import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

public class EventBus {
    public interface Event {
        String name();
    }

    public record UserCreated(String user) implements Event {
        public String name() {
            return "user.created";
        }
    }

    public record OrderPlaced(String user, int total) implements Event {
        public String name() {
            return "order.placed";
        }
    }

    private final Map<Class<? extends Event>, List<Consumer<? super Event>>> handlers = new HashMap<>();
    private int delivered;

    public <E extends Event> void subscribe(Class<E> type, Consumer<? super Event> handler) {
        handlers.computeIfAbsent(type, key -> new ArrayList<>()).add(handler);
    }

    public void publish(Event event) {
        List<Consumer<? super Event>> list = handlers.getOrDefault(event.getClass(), List.of());
        for (Consumer<? super Event> handler : list) {
            try {
                handler.accept(event);
                delivered++;
            } catch (RuntimeException error) {
                System.err.println("handler failed for " + event.name() + ": " + error.getMessage());
            }
        }
    }

    public int delivered() {
        return delivered;
    }

    public static void main(String[] args) {
        EventBus bus = new EventBus();
        bus.subscribe(UserCreated.class, event -> System.out.println("welcome " + event));
        bus.subscribe(OrderPlaced.class, event -> {
            if (event instanceof OrderPlaced order && order.total() > 100) {
                System.out.println("big order by " + order.user());
            }
        });
        bus.publish(new UserCreated("ada"));
        bus.publish(new OrderPlaced("ada", 250));
        System.out.println("delivered " + bus.delivered());
    }
}
