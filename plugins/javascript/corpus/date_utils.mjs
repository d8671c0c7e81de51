const MS_PER_DAY = 24 * 60 * 60 * 1000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export const pad = (n, width = 2) => String(n).padStart(width, '0');

export function formatDate(date, pattern = 'YYYY-MM-DD') {
  const parts = {
    YYYY: date.getUTCFullYear(),
    MM: pad(date.getUTCMonth() + 1),
    DD: pad(date.getUTCDate()),
    HH: pad(date.getUTCHours()),
    mm: pad(date.getUTCMinutes()),
    ddd: WEEKDAYS[date.getUTCDay()],
  };
  return pattern.replace(/YYYY|MM|DD|HH|mm|ddd/g, (token) => parts[token]);
}

export function addDays(date, days) {
  return new Date(date.getTime() + days * MS_PER_DAY);
}

export function businessDaysBetween(start, end) {
  let count = 0;
  for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      count++;
    }
  }
  return count;
}

export function isLeapYear(year) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function relative(from, to) {
  const days = Math.round((to - from) / MS_PER_DAY);
  if (days === 0) return 'today';
  if (Math.abs(days) === 1) return days > 0 ? 'tomorrow' : 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

const start = new Date(Date.UTC(2024, 1, 26, 9, 30));
const end = addDays(start, 10);
console.log(formatDate(start, 'ddd YYYY-MM-DD HH:mm'), '->', formatDate(end));
console.log('business days:', businessDaysBetween(start, end));
console.log([1900, 2000, 2023, 2024].map((year) => `${year}:${isLeapYear(year)}`).join(' '));
console.log(relative(start, end), relative(end, start), relative(start, addDays(start, 1)));
