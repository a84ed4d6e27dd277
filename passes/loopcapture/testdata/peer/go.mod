module example.com/peer

go 1.26.0
