import java.util.Arrays;
import java.util.EmptyStackException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** A growable array-backed stack. */
public class Stack<T> implements Iterable<T> {
    private Object[] items = new Object[4];
    private int size;

    public void push(T item) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = item;
    }

    @SuppressWarnings("unchecked")
    public T pop() {
        if (size == 0) {
            throw new EmptyStackException();
        }
        T item = (T) items[--size];
        items[size] = null;
        return item;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<T>() {
            private int cursor = size;

            @Override
            public boolean hasNext() {
                return cursor > 0;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (cursor == 0) {
                    throw new NoSuchElementException();
                }
                return (T) items[--cursor];
            }
        };
    }

    public static void main(String[] args) {
        Stack<String> stack = new Stack<>();
        for (String word : "to be or not to be".split(" ")) {
            stack.push(word);
        }
        for (String word : stack) {
            System.out.print(word + " ");
        }
        System.out.println();
        System.out.println(stack.pop() + " " + stack.isEmpty());
    }
}
