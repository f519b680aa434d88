module tmuxkeys

go 1.26
