import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

public class TodoList implements Iterable<TodoList.Item> {
    public enum Priority { LOW, MEDIUM, HIGH }

    public static final class Item {
        final String title;
        final Priority priority;
        final LocalDate due;
        boolean done;

        Item(String title, Priority priority, LocalDate due) {
            this.title = title;
            this.priority = priority;
            this.due = due;
        }

        @Override
        public String toString() {
            return (done ? "[x] " : "[ ] ") + title + " (" + priority + ", due " + due + ")";
        }
    }

    private final List<Item> items = new ArrayList<>();

    public Item add(String title, Priority priority, LocalDate due) {
        Item item = new Item(title, priority, due);
        items.add(item);
        return item;
    }

    public Optional<Item> find(String title) {
        return items.stream().filter(i -> i.title.equals(title)).findFirst();
    }

    public long overdue(LocalDate today) {
        return items.stream().filter(i -> !i.done && i.due.isBefore(today)).count();
    }

    @Override
    public Iterator<Item> iterator() {
        return items.iterator();
    }

    public static void main(String[] args) {
        TodoList list = new TodoList();
        LocalDate today = LocalDate.of(2024, 5, 1);
        list.add("write report", Priority.HIGH, today.minusDays(1));
        list.add("water plants", Priority.LOW, today.plusDays(2));
        list.find("water plants").ifPresent(item -> item.done = true);
        for (Item item : list) {
            System.out.println(item);
        }
        System.out.println("overdue: " + list.overdue(today));
    }
}
