#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

// Counts words and prints the most frequent ones.
int main() {
    const std::string text = "the quick brown fox jumps over the lazy dog the end";
    std::map<std::string, int> counts;
    std::istringstream words(text);
    std::string word;
    while (words >> word) {
        ++counts[word];
    }
    std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        if (a.second != b.second) {
            return a.second > b.second;
        }
        return a.first < b.first;
    });
    for (const auto& [name, count] : sorted) {
        std::cout << name << ": " << count << '\n';
    }
    return 0;
}
