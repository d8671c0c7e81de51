#include <iostream>
#include <map>
#include <optional>
#include <string>

class Inventory {
public:
    void add(const std::string& item, int count) { stock_[item] += count; }

    bool remove(const std::string& item, int count) {
        auto found = stock_.find(item);
        if (found == stock_.end() || found->second < count) {
            return false;
        }
        found->second -= count;
        if (found->second == 0) {
            stock_.erase(found);
        }
        return true;
    }

    std::optional<int> count(const std::string& item) const {
        auto found = stock_.find(item);
        if (found == stock_.end()) {
            return std::nullopt;
        }
        return found->second;
    }

private:
    std::map<std::string, int> stock_;
};

int main() {
    Inventory inventory;
    inventory.add("bolt", 10);
    inventory.add("nut", 4);
    if (!inventory.remove("nut", 5)) {
        std::cout << "not enough nuts\n";
    }
    inventory.remove("bolt", 10);
    std::cout << "bolts: " << inventory.count("bolt").value_or(0) << "\n";
    std::cout << "nuts: " << inventory.count("nut").value_or(0) << "\n";
    return 0;
}
