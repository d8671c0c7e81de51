import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

public class BinarySearchTree<T extends Comparable<T>> {
    private final class Node {
        T value;
        Node left;
        Node right;

        Node(T value) {
            this.value = value;
        }
    }

    private Node root;
    private int size;

    public boolean insert(T value) {
        if (root == null) {
            root = new Node(value);
            size++;
            return true;
        }
        Node current = root;
        while (true) {
            int order = value.compareTo(current.value);
            if (order == 0) {
                return false;
            }
            if (order < 0) {
                if (current.left == null) {
                    current.left = new Node(value);
                    break;
                }
                current = current.left;
            } else {
                if (current.right == null) {
                    current.right = new Node(value);
                    break;
                }
                current = current.right;
            }
        }
        size++;
        return true;
    }

    public void inOrder(Consumer<T> visitor) {
        walk(root, visitor);
    }

    private void walk(Node node, Consumer<T> visitor) {
        if (node == null) {
            return;
        }
        walk(node.left, visitor);
        visitor.accept(node.value);
        walk(node.right, visitor);
    }

    public int size() {
        return size;
    }

    public static void main(String[] args) {
        BinarySearchTree<Integer> tree = new BinarySearchTree<>();
        for (int value : new int[] {5, 3, 8, 1, 4, 8, 9}) {
            tree.insert(value);
        }
        List<Integer> sorted = new ArrayList<>();
        tree.inOrder(sorted::add);
        System.out.println(sorted + " size " + tree.size());
    }
}
