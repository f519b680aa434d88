package cli

import "testing"

func TestNewsletterName(t *testing.T) {
	tests := [][3]string{
		{"DEVOPS WEEKLY", "DevOps Weekly", "DevOps Weekly"},
		{"DEVOPS WEEKLY", "", "Devops Weekly"},
		{"This Week in Rust", "", "This Week in Rust"},
		{"", "DevOps Weekly", "DevOps Weekly"},
	}
	for _, tt := range tests {
		if got := newsletterName(tt[0], tt[1]); got != tt[2] {
			t.Errorf("newsletterName(%q, %q) = %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
}
